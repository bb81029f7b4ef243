package dev.conifer.transfer.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transfer.hash.BlobHash;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RendezvousStoreTest {
  final AtomicLong nowMs = new AtomicLong(1_700_000_000_000L);
  final RendezvousCounters counters = new RendezvousCounters();

  static Signer signer(int n) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) n);
    return Ed25519.signerFromSeed(seed);
  }

  static BlobHash hash(int n) {
    return BlobHash.ofContent(new byte[] {(byte) n, (byte) (n >> 8)});
  }

  RendezvousStore store(int countMax, int perHolderMax) {
    return new RendezvousStore(
        RendezvousConfig.defaults().withBounds(countMax, perHolderMax),
        Ed25519.VERIFIER,
        nowMs::get,
        counters);
  }

  RendezvousRecord record(int hash, int holder, long ttlMs) {
    return RendezvousRecord.sign(hash(hash), signer(holder), nowMs.get() + ttlMs);
  }

  @Test
  void storesASignedRecordAndFindsItByHash() {
    RendezvousStore store = store(10, 10);
    RendezvousRecord r = record(1, 1, 60_000);
    assertThat(store.put(r)).isEqualTo(RendezvousStore.Verdict.STORED);
    assertThat(store.lookup(hash(1), 16)).containsExactly(r);
    assertThat(store.lookup(hash(2), 16)).isEmpty();
    assertThat(counters.recordsStored.get()).isEqualTo(1);
  }

  @Test
  void rejectsAForgedSignature() {
    RendezvousStore store = store(10, 10);
    RendezvousRecord real = record(1, 1, 60_000);
    // Claims holder 2 holds the blob, but holder 1 signed it.
    RendezvousRecord forged =
        new RendezvousRecord(
            real.hash(), signer(2).publicKey(), real.expiresAtMs(), real.signature());
    assertThat(store.put(forged)).isEqualTo(RendezvousStore.Verdict.BAD_SIGNATURE);
    // A longer expiry than was signed.
    RendezvousRecord stretched =
        new RendezvousRecord(real.hash(), real.holder(), real.expiresAtMs() + 1, real.signature());
    assertThat(store.put(stretched)).isEqualTo(RendezvousStore.Verdict.BAD_SIGNATURE);
    assertThat(store.size()).isZero();
    assertThat(counters.rejectedSignature.get()).isEqualTo(2);
  }

  @Test
  void rejectsExpiredAndTooDistantRecordsAndForgetsRecordsAsTheyExpire() {
    RendezvousStore store = store(10, 10);
    assertThat(store.put(record(1, 1, 0))).isEqualTo(RendezvousStore.Verdict.EXPIRED);
    long tooFar = Duration.ofHours(1).toMillis() + 1;
    assertThat(store.put(record(1, 1, tooFar))).isEqualTo(RendezvousStore.Verdict.TOO_FAR_AHEAD);
    assertThat(counters.rejectedExpiry.get()).isEqualTo(2);

    assertThat(store.put(record(1, 1, 1_000))).isEqualTo(RendezvousStore.Verdict.STORED);
    assertThat(store.put(record(2, 1, 5_000))).isEqualTo(RendezvousStore.Verdict.STORED);
    nowMs.addAndGet(1_000);
    assertThat(store.lookup(hash(1), 16)).isEmpty();
    assertThat(store.size()).isEqualTo(1);
    nowMs.addAndGet(4_000);
    store.sweep();
    assertThat(store.size()).isZero();
  }

  @Test
  void aLaterRecordRefreshesAndAnEarlierOneIsIgnored() {
    RendezvousStore store = store(10, 10);
    RendezvousRecord first = record(1, 1, 10_000);
    assertThat(store.put(first)).isEqualTo(RendezvousStore.Verdict.STORED);
    RendezvousRecord later = record(1, 1, 20_000);
    assertThat(store.put(later)).isEqualTo(RendezvousStore.Verdict.REFRESHED);
    assertThat(store.put(first)).isEqualTo(RendezvousStore.Verdict.NOT_NEWER);
    assertThat(store.lookup(hash(1), 16)).containsExactly(later);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void boundsRecordsPerHolderAndInTotal() {
    RendezvousStore store = store(5, 2);
    assertThat(store.put(record(1, 1, 60_000))).isEqualTo(RendezvousStore.Verdict.STORED);
    assertThat(store.put(record(2, 1, 60_000))).isEqualTo(RendezvousStore.Verdict.STORED);
    assertThat(store.put(record(3, 1, 60_000))).isEqualTo(RendezvousStore.Verdict.HOLDER_FULL);
    for (int holder = 2; holder <= 4; holder++) {
      assertThat(store.put(record(1, holder, 60_000))).isEqualTo(RendezvousStore.Verdict.STORED);
    }
    assertThat(store.size()).isEqualTo(5);
    assertThat(store.put(record(1, 5, 60_000))).isEqualTo(RendezvousStore.Verdict.STORE_FULL);
    assertThat(counters.rejectedHolderCap.get()).isEqualTo(1);
    assertThat(counters.rejectedFull.get()).isEqualTo(1);
    // Refreshing a kept record needs no room.
    assertThat(store.put(record(1, 1, 70_000))).isEqualTo(RendezvousStore.Verdict.REFRESHED);
  }

  @Test
  void aFullStoreMakesRoomByDroppingExpiredRecords() {
    RendezvousStore store = store(2, 2);
    assertThat(store.put(record(1, 1, 1_000))).isEqualTo(RendezvousStore.Verdict.STORED);
    assertThat(store.put(record(2, 2, 60_000))).isEqualTo(RendezvousStore.Verdict.STORED);
    nowMs.addAndGet(RendezvousStore.SWEEP_INTERVAL_MS);
    assertThat(store.put(record(3, 3, 60_000))).isEqualTo(RendezvousStore.Verdict.STORED);
    assertThat(store.size()).isEqualTo(2);
  }

  @Test
  void answersAreBoundedAndLatestExpiryFirst() {
    RendezvousStore store = store(100, 100);
    for (int holder = 1; holder <= 20; holder++) {
      store.put(record(1, holder, 1_000L * holder));
    }
    var answer = store.lookup(hash(1), RendezvousMessage.ANSWER_RECORDS_MAX);
    assertThat(answer).hasSize(16);
    assertThat(answer.get(0).holder()).isEqualTo(signer(20).publicKey());
    assertThat(answer)
        .isSortedAccordingTo((a, b) -> Long.compare(b.expiresAtMs(), a.expiresAtMs()));
  }
}
