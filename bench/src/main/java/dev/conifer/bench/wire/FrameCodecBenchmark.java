package dev.conifer.bench.wire;

import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.TreeAnnouncementFrame;
import dev.conifer.snek.wire.WireException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Whole-frame decode and encode with {@link FrameCodec}: tree-routed traffic with a 1 KiB payload,
 * and a tree announcement of depth 8. Encoding writes into a reused buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameCodecBenchmark {
  private ByteBuffer trafficBytes;
  private TrafficFrame traffic;
  private ByteBuffer announcementBytes;
  private TreeAnnouncementFrame announcement;
  private ByteBuffer out;

  @Setup
  public void setUp() {
    traffic = BenchFrames.traffic(1024);
    trafficBytes = ByteBuffer.wrap(FrameCodec.encode(traffic));
    SwitchAnnouncement chain = BenchFrames.announcement(8);
    announcement = new TreeAnnouncementFrame(chain);
    announcementBytes = ByteBuffer.wrap(FrameCodec.encode(announcement));
    out = ByteBuffer.allocate(65_535);
  }

  @Benchmark
  public Frame decodeTraffic1KiB() throws WireException {
    trafficBytes.clear();
    return FrameCodec.decode(trafficBytes);
  }

  @Benchmark
  public int encodeTraffic1KiB() {
    out.clear();
    FrameCodec.encode(traffic, out);
    return out.position();
  }

  @Benchmark
  public Frame decodeTreeAnnouncementDepth8() throws WireException {
    announcementBytes.clear();
    return FrameCodec.decode(announcementBytes);
  }

  @Benchmark
  public int encodeTreeAnnouncementDepth8() {
    out.clear();
    FrameCodec.encode(announcement, out);
    return out.position();
  }
}
