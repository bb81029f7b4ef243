package dev.conifer.sync.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.sync.SyncCounters;
import dev.conifer.sync.wire.SyncFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

public class EntryTest {
  private static final long NOW_US = 1_780_000_000_000_000L;
  private final Signer ns = signer(1);
  private final Signer author = signer(2);
  private final EntryValidator validator = new EntryValidator(Ed25519.VERIFIER, 60_000_000L);
  private final SyncCounters counters = new SyncCounters();

  public static Signer signer(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    return Ed25519.signerFromSeed(seed);
  }

  private Entry entry(Signer by, String key, long ts, Grant grant) {
    return Entry.sign(
        by,
        ns.publicKey(),
        key.getBytes(StandardCharsets.UTF_8),
        ts,
        Blake3.hash(key.getBytes(StandardCharsets.UTF_8)),
        3,
        false,
        grant);
  }

  @Test
  void encodesDecodesAndKeepsItsId() throws Exception {
    Entry e = entry(author, "a/b", NOW_US, Grant.issue(ns, author.publicKey(), Grant.Mode.WRITE));
    Entry back = Entry.decode(e.encoded());
    assertThat(back).isEqualTo(e);
    assertThat(back.id()).isEqualTo(e.id()).isEqualTo(Blake3.hash(e.encoded()));
    assertThat(back.keyString()).isEqualTo("a/b");
    assertThat(back.grant()).isEqualTo(e.grant());
    assertThat(validator.check(back, NOW_US)).isEqualTo(EntryValidator.Verdict.OK);
  }

  @Test
  void namespaceKeyWritesWithoutAGrant() {
    assertThat(validator.check(entry(ns, "k", NOW_US, null), NOW_US))
        .isEqualTo(EntryValidator.Verdict.OK);
  }

  @Test
  void refusesAuthorsWithoutAWriteGrant() {
    Grant readOnly = Grant.issue(ns, author.publicKey(), Grant.Mode.READ);
    Grant forSomeoneElse = Grant.issue(ns, signer(3).publicKey(), Grant.Mode.WRITE);
    Grant selfSigned = Grant.issue(author, author.publicKey(), Grant.Mode.WRITE);
    assertThat(validator.check(entry(author, "k", NOW_US, null), NOW_US))
        .isEqualTo(EntryValidator.Verdict.NO_WRITE_CAPABILITY);
    for (Grant g : new Grant[] {readOnly, forSomeoneElse, selfSigned}) {
      assertThat(validator.check(entry(author, "k", NOW_US, g), NOW_US))
          .as(g.toString())
          .isEqualTo(EntryValidator.Verdict.NO_WRITE_CAPABILITY);
    }
  }

  @Test
  void refusesTamperedEntries() throws Exception {
    byte[] bytes = entry(ns, "key", NOW_US, null).encoded();
    bytes[2 + 64 + 2] ^= 1; // first key byte
    Entry tampered = Entry.decode(bytes);
    EntryValidator.Verdict v = validator.check(tampered, NOW_US);
    assertThat(v).isEqualTo(EntryValidator.Verdict.BAD_SIGNATURE);
    counters.countRejected(v);
    assertThat(counters.badSignature.get()).isEqualTo(1);
  }

  @Test
  void refusesEntriesFromTooFarInTheFuture() {
    assertThat(validator.check(entry(ns, "k", NOW_US + 60_000_000L, null), NOW_US))
        .isEqualTo(EntryValidator.Verdict.OK);
    assertThat(validator.check(entry(ns, "k", NOW_US + 60_000_001L, null), NOW_US))
        .isEqualTo(EntryValidator.Verdict.FUTURE_TIMESTAMP);
  }

  @Test
  void newestWinsThenGreaterAuthor() {
    Entry older = entry(ns, "k", NOW_US, null);
    Entry newer = entry(ns, "k", NOW_US + 1, null);
    assertThat(ConflictRule.beats(newer, older)).isTrue();
    Grant g = Grant.issue(ns, author.publicKey(), Grant.Mode.WRITE);
    Entry tieByNs = entry(ns, "k", NOW_US, null);
    Entry tieByAuthor = entry(author, "k", NOW_US, g);
    Entry winner = ns.publicKey().compareTo(author.publicKey()) > 0 ? tieByNs : tieByAuthor;
    Entry loser = winner == tieByNs ? tieByAuthor : tieByNs;
    assertThat(ConflictRule.beats(winner, loser)).isTrue();
    assertThat(ConflictRule.reason(winner, loser)).contains("greater author key");
  }

  @Test
  void rejectsOversizedKeys() {
    assertThatThrownBy(() -> entry(ns, "x".repeat(Entry.KEY_LENGTH_MAX + 1), NOW_US, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Long> seeds() {
    return LongStream.range(0, 20).mapToObj(i -> Long.getLong("sync.seed", 99L) + i);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void arbitraryBytesDecodeOrFailCleanly(long seed) {
    Random random = new Random(seed);
    byte[] valid = entry(ns, "some/key", NOW_US, null).encoded();
    for (int i = 0; i < 500; i++) {
      byte[] b = random.nextBoolean() ? new byte[random.nextInt(400)] : valid.clone();
      if (b == valid || b.length == valid.length) {
        b[random.nextInt(b.length)] = (byte) random.nextInt();
      } else {
        random.nextBytes(b);
      }
      try {
        Entry e = Entry.decode(b);
        validator.check(e, NOW_US); // must not throw either
      } catch (SyncFormatException expected) {
        assertThat(expected.getMessage()).as("reproduce: -Dsync.seed=%d", seed).isNotBlank();
      }
    }
  }
}
