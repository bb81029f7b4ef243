package dev.conifer.transport.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reports a buffer leak (STYLE.md d.6), instead of leaving a {@code LEAK:}
 * line in the log. Registered for every test by JUnit's extension autodetection (see {@code
 * junit-platform.properties}), so it installs its detector before any buffer class loads. The
 * surefire argLine sets the paranoid level, so every buffer is tracked.
 *
 * <p>Leaks surface only after a GC, so a report may belong to an earlier test of the same JVM; the
 * message says so.
 */
public final class NettyLeakCheck implements AfterEachCallback {
  private static final List<String> LEAKS = new ArrayList<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(
        new ResourceLeakDetectorFactory() {
          @Override
          @SuppressWarnings("deprecation")
          public <T> ResourceLeakDetector<T> newResourceLeakDetector(
              Class<T> resource, int samplingInterval, long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
          }
        });
  }

  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      record(resourceType + " leaked:" + records);
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      record(resourceType + " leaked (no records)");
      super.reportUntracedLeak(resourceType);
    }
  }

  private static void record(String leak) {
    synchronized (LEAKS) {
      LEAKS.add(leak);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.gc();
    // In paranoid mode every allocation polls the detector's reference queue.
    for (ByteBufAllocator allocator :
        new ByteBufAllocator[] {ByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT}) {
      ByteBuf probe = allocator.buffer(1);
      probe.release();
    }
    List<String> found;
    synchronized (LEAKS) {
      found = new ArrayList<>(LEAKS);
      LEAKS.clear();
    }
    if (!found.isEmpty()) {
      throw new AssertionError(
          "Netty LEAK reported during or before "
              + context.getDisplayName()
              + ":\n"
              + String.join("\n", found));
    }
  }
}
