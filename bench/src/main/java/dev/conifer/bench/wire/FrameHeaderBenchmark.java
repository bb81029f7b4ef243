package dev.conifer.bench.wire;

import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.WireException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-hop header work on the forwarding path: check a traffic frame's header, read type, hop
 * limit and length, and write the outgoing header into a reused buffer. Target: at most 50 ns and
 * zero allocation per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameHeaderBenchmark {
  @Param({"heap", "direct"})
  public String buffers;

  private ByteBuffer in;
  private ByteBuffer out;

  @Setup
  public void setUp() {
    byte[] frame = FrameCodec.encode(BenchFrames.traffic(1024));
    boolean direct = buffers.equals("direct");
    in = direct ? ByteBuffer.allocateDirect(frame.length) : ByteBuffer.allocate(frame.length);
    in.put(frame).clear();
    out = direct ? ByteBuffer.allocateDirect(frame.length) : ByteBuffer.allocate(frame.length);
  }

  @Benchmark
  public int checkReadAndWriteHeader() throws WireException {
    int length = FrameHeader.check(in, 0, FrameHeader.FRAME_LENGTH_MAX);
    FrameType type = FrameType.ofCode(FrameHeader.typeCode(in, 0));
    int hopLimit = FrameHeader.hopLimit(in, 0);
    FrameHeader.write(out, 0, type, hopLimit - 1, length);
    return length + hopLimit;
  }
}
