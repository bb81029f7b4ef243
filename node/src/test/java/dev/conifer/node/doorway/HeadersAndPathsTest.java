package dev.conifer.node.doorway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Entity tags (RFC 9110 13.1.2, 13.1.5), Content-Disposition (RFC 6266), paths, the rate limit. */
class HeadersAndPathsTest {
  static final String HEX = "a".repeat(64);
  static final String TAG = "\"" + HEX + "\"";

  @Test
  void ifNoneMatchComparesWeaklyAndAcceptsAListOrAStar() {
    assertThat(EntityTags.noneMatchHits(TAG, TAG)).isTrue();
    assertThat(EntityTags.noneMatchHits("W/" + TAG, TAG)).isTrue();
    assertThat(EntityTags.noneMatchHits("\"x\", " + TAG, TAG)).isTrue();
    assertThat(EntityTags.noneMatchHits("*", TAG)).isTrue();
    assertThat(EntityTags.noneMatchHits("\"x\"", TAG)).isFalse();
    assertThat(EntityTags.noneMatchHits(HEX, TAG)).isFalse(); // unquoted: not an entity-tag
    assertThat(EntityTags.noneMatchHits(null, TAG)).isFalse();
  }

  @Test
  void ifRangeComparesStronglyAndADateNeverMatches() {
    assertThat(EntityTags.ifRangeAllows(null, TAG)).isTrue();
    assertThat(EntityTags.ifRangeAllows(TAG, TAG)).isTrue();
    assertThat(EntityTags.ifRangeAllows("W/" + TAG, TAG)).isFalse();
    assertThat(EntityTags.ifRangeAllows("Tue, 15 Nov 1994 08:12:31 GMT", TAG)).isFalse();
  }

  @Test
  void contentDispositionHasAnAsciiFallbackAndTheExactUtf8Name() {
    assertThat(HttpHeadersOut.contentDisposition("photo.png"))
        .isEqualTo("inline; filename=\"photo.png\"; filename*=UTF-8''photo.png");
    assertThat(HttpHeadersOut.contentDisposition("Grüße \"x\"*.txt"))
        .isEqualTo(
            "inline; filename=\"Gr__e _x_*.txt\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22x%22%2A.txt");
  }

  @Test
  void blobPathsTakeAnOptionalNameAndRefuseBadHashesWithAReason() throws Exception {
    assertThat(BlobPath.parse("/blobs/" + HEX).name()).isNull();
    assertThat(BlobPath.parse("/blobs/" + HEX + "/cat.jpg").name()).isEqualTo("cat.jpg");
    assertThatThrownBy(() -> BlobPath.parse("/blobs/zz"))
        .hasMessage("bad blob hash 'zz' (want 64 hex digits)");
    assertThatThrownBy(() -> BlobPath.parse("/blobs/" + HEX + "/a/b"))
        .hasMessageContaining("may not contain '/'");
    assertThatThrownBy(() -> BlobPath.parse("/blobs/" + HEX + "/" + "n".repeat(300)))
        .hasMessageContaining("longer than 255");
  }

  @Test
  void theRateLimitAllowsABurstThenRefillsWithTime() throws Exception {
    AtomicLong now = new AtomicLong();
    ClientRateLimiter limiter = new ClientRateLimiter(2, 3, 10, now::get);
    InetAddress a = InetAddress.getByName("192.0.2.1");
    InetAddress b = InetAddress.getByName("192.0.2.2");
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire(a)).isTrue();
    }
    assertThat(limiter.tryAcquire(a)).isFalse();
    assertThat(limiter.retryAfterSeconds(a)).isEqualTo(1);
    assertThat(limiter.tryAcquire(b)).as("another client has its own bucket").isTrue();
    now.addAndGet(500_000_000L); // half a second: one token at 2 per second
    assertThat(limiter.tryAcquire(a)).isTrue();
    assertThat(limiter.tryAcquire(a)).isFalse();
  }
}
