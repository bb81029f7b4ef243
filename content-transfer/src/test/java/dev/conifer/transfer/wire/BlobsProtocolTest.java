package dev.conifer.transfer.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.fetch.FakeHolders;
import dev.conifer.transfer.hash.Blake3Test;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.GroupRanges;
import dev.conifer.transfer.hash.VerifiedGroup;
import dev.conifer.transfer.store.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
public class BlobsProtocolTest {
  static final int SIZE = 10 * BlobTree.GROUP_LENGTH + 100;
  @TempDir Path dir;
  FileBlobStore store;
  FakeHolders holders;
  byte[] content;
  BlobHash hash;

  @BeforeEach
  void setUp() throws IOException {
    store = new FileBlobStore(dir, () -> 0L);
    content = Blake3Test.pattern(SIZE);
    hash = store.put(new ByteArrayInputStream(content));
    holders = new FakeHolders();
    holders.add(FakeHolders.key(1), new BlobsServer(store, BlobsConfig.defaults()));
  }

  @AfterEach
  void tearDown() throws IOException {
    holders.close();
    store.close();
  }

  List<VerifiedGroup> get(long[] offsets, long[] lengths) throws IOException {
    List<VerifiedGroup> got = new ArrayList<>();
    try (BlobsClient c = holders.connect(FakeHolders.key(1))) {
      long size = c.get(hash, offsets, lengths, -1, got::add);
      assertThat(size).isEqualTo(SIZE);
    }
    return got;
  }

  @Test
  void severalByteRangesInOneRequestReturnTheCoveringGroupsVerified() throws IOException {
    long[] offsets = {5000, 3L * BlobTree.GROUP_LENGTH + 10, SIZE - 1};
    long[] lengths = {100, 20000, 1};
    List<VerifiedGroup> got = get(offsets, lengths);
    assertThat(got).extracting(VerifiedGroup::index).containsExactly(0L, 3L, 4L, 10L);
    for (VerifiedGroup g : got) {
      int off = (int) BlobTree.groupOffset(g.index());
      assertThat(Arrays.copyOfRange(g.data(), g.offset(), g.offset() + g.length()))
          .isEqualTo(Arrays.copyOfRange(content, off, off + g.length()));
    }
  }

  @Test
  void wholeBlobUsesOneParentNodePerInternalNode() throws IOException {
    List<VerifiedGroup> got = get(new long[] {0}, new long[] {SIZE});
    assertThat(got).hasSize(11);
    assertThat(got.get(10).length()).isEqualTo(100);
  }

  @Test
  void haveReportsCompleteRangesAndUnknownBlobs() throws IOException {
    try (BlobsClient c = holders.connect(FakeHolders.key(1))) {
      BlobsCodec.HaveReply have = c.have(hash);
      assertThat(have.size()).isEqualTo(SIZE);
      assertThat(have.ranges()).isEqualTo(GroupRanges.of(0, 11));
      BlobsCodec.HaveReply none = c.have(BlobHash.ofContent(new byte[] {1}));
      assertThat(none.size()).isEqualTo(-1);
      assertThat(none.ranges().isEmpty()).isTrue();
    }
  }

  @Test
  void errorsAreTypedAndTheStreamStaysUsable() throws IOException {
    try (BlobsClient c = holders.connect(FakeHolders.key(1))) {
      BlobHash unknown = BlobHash.ofContent(new byte[] {1});
      assertThatThrownBy(() -> c.get(unknown, new long[] {0}, new long[] {1}, -1, g -> {}))
          .isInstanceOfSatisfying(
              BlobsException.class, e -> assertThat(e.error()).isEqualTo(BlobsError.NOT_FOUND));
      assertThatThrownBy(() -> c.get(hash, new long[] {SIZE + 5}, new long[] {1}, -1, g -> {}))
          .isInstanceOfSatisfying(
              BlobsException.class, e -> assertThat(e.error()).isEqualTo(BlobsError.BAD_REQUEST));
      assertThat(c.get(hash, new long[] {0}, new long[] {1}, -1, g -> {})).isEqualTo(SIZE);
    }
  }

  @Test
  void requestLargerThanTheLimitIsRefused() throws IOException {
    BlobsConfig small =
        new BlobsConfig(4, 2L * BlobTree.GROUP_LENGTH, 8, BlobTree.GROUP_LENGTH, 2, 3, 1 << 20);
    holders.add(FakeHolders.key(2), new BlobsServer(store, small));
    try (BlobsClient c = holders.connect(FakeHolders.key(2))) {
      assertThatThrownBy(() -> c.get(hash, new long[] {0}, new long[] {SIZE}, -1, g -> {}))
          .isInstanceOfSatisfying(
              BlobsException.class, e -> assertThat(e.error()).isEqualTo(BlobsError.TOO_LARGE));
      long[] five = {0, 1, 2, 3, 4};
      assertThatThrownBy(() -> c.get(hash, five, new long[] {1, 1, 1, 1, 1}, -1, g -> {}))
          .isInstanceOfSatisfying(
              BlobsException.class, e -> assertThat(e.error()).isEqualTo(BlobsError.BAD_REQUEST));
    }
  }

  @Test
  void concurrentRequestsOverThePerPeerLimitGetBusy() throws IOException {
    BlobsServerConnection.Admission full =
        new BlobsServerConnection.Admission() {
          @Override
          public boolean tryAcquire() {
            return false;
          }

          @Override
          public void release() {}
        };
    BlobsServerConnection conn =
        new BlobsServerConnection(store, BlobsConfig.defaults(), full, pins -> {});
    ByteBuffer req = BlobsCodec.encodeGet(hash, new long[] {0}, new long[] {1});
    req.position(BlobsCodec.HEADER_LENGTH);
    conn.handleFrame(BlobsCodec.GET, req.slice());
    ByteBuffer out = ByteBuffer.allocate(BlobsServerConnection.frameLengthMax());
    assertThat(conn.pollFrame(out)).isTrue();
    out.flip();
    assertThat(out.get()).isEqualTo(BlobsCodec.ERROR);
    out.getInt();
    assertThat(BlobsCodec.decodeError(out).error()).isEqualTo(BlobsError.BUSY);
    assertThat(conn.refusedCount()).isEqualTo(1);
    assertThat(conn.refusedCount(BlobsError.BUSY)).isEqualTo(1);
    assertThat(conn.refusedCount(BlobsError.NOT_FOUND)).isZero();
  }

  @Test
  void corruptDataIsDetectedAtTheFirstBadGroup() throws IOException {
    corrupt(store.dataFile(hash), 4L * BlobTree.GROUP_LENGTH + 77);
    List<VerifiedGroup> got = new ArrayList<>();
    try (BlobsClient c = holders.connect(FakeHolders.key(1))) {
      assertThatThrownBy(() -> c.get(hash, new long[] {0}, new long[] {SIZE}, -1, got::add))
          .isInstanceOfSatisfying(
              BlobsException.class,
              e -> assertThat(e.error()).isEqualTo(BlobsError.VERIFICATION_FAILED));
    }
    assertThat(got).extracting(VerifiedGroup::index).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void corruptProofIsDetected() throws IOException {
    corrupt(store.outboardFile(hash), 9 * 32 + 3); // chaining value of group 9
    List<VerifiedGroup> got = new ArrayList<>();
    try (BlobsClient c = holders.connect(FakeHolders.key(1))) {
      assertThatThrownBy(
              () ->
                  c.get(
                      hash,
                      new long[] {9L * BlobTree.GROUP_LENGTH},
                      new long[] {100},
                      -1,
                      got::add))
          .isInstanceOfSatisfying(
              BlobsException.class,
              e -> assertThat(e.error()).isEqualTo(BlobsError.VERIFICATION_FAILED));
    }
    assertThat(got).isEmpty();
  }

  @Test
  void sizeThatDisagreesWithTheVerifiedSizeIsALie() {
    GetVerifier v = new GetVerifier(hash, new long[] {0}, new long[] {1}, SIZE);
    assertThatThrownBy(() -> v.handleFrame(BlobsCodec.SIZE, ByteBuffer.allocate(8).putLong(0, 7)))
        .isInstanceOfSatisfying(
            BlobsException.class,
            e -> assertThat(e.error()).isEqualTo(BlobsError.VERIFICATION_FAILED));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void frameReaderReassemblesFramesAtSeededSplitPoints(long seed) throws IOException {
    Random rnd = new Random(seed);
    List<ByteBuffer> frames =
        List.of(
            BlobsCodec.encodeHave(hash),
            BlobsCodec.encodeGet(hash, new long[] {1, 2}, new long[] {3, 4}),
            BlobsCodec.encodeSize(SIZE),
            BlobsCodec.encodeError(BlobsError.BUSY, "later"),
            BlobsCodec.encodeDone());
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (ByteBuffer f : frames) {
      all.write(f.array(), 0, f.limit());
    }
    byte[] bytes = all.toByteArray();
    FrameReader reader = new FrameReader(BlobsCodec.PAYLOAD_LENGTH_MAX);
    List<Byte> types = new ArrayList<>();
    int pos = 0;
    while (pos < bytes.length) {
      int n = Math.min(bytes.length - pos, 1 + rnd.nextInt(40));
      pos += reader.handleBytes(bytes, pos, n);
      ByteBuffer p;
      while ((p = reader.pollFrame()) != null) {
        types.add(reader.frameType());
        if (reader.frameType() == BlobsCodec.GET) {
          BlobsCodec.GetRequest r = BlobsCodec.decodeGet(p, 64);
          assertThat(r.hash()).as("reproduce: seed=%d", seed).isEqualTo(hash);
          assertThat(r.offsets()).containsExactly(1, 2);
        }
      }
    }
    assertThat(types)
        .containsExactly(
            BlobsCodec.HAVE, BlobsCodec.GET, BlobsCodec.SIZE, BlobsCodec.ERROR, BlobsCodec.DONE);
  }

  @Test
  void oversizedFrameIsAProtocolErrorNotAnAllocation() {
    FrameReader reader = new FrameReader(BlobsCodec.PAYLOAD_LENGTH_MAX);
    byte[] header = ByteBuffer.allocate(5).put(BlobsCodec.GROUP).putInt(1 << 30).array();
    reader.handleBytes(header, 0, 5);
    assertThatThrownBy(reader::pollFrame)
        .isInstanceOfSatisfying(
            BlobsException.class, e -> assertThat(e.error()).isEqualTo(BlobsError.PROTOCOL));
  }

  public static void corrupt(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x5A);
    }
  }
}
