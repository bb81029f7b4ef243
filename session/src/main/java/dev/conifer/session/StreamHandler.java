package dev.conifer.session;

/** Accepts inbound streams for one ALPN. */
@FunctionalInterface
public interface StreamHandler {
  /**
   * Runs on a session executor thread (a bounded pool) where blocking stream I/O is allowed. The
   * stream is closed when this returns or throws, unless the handler kept it for later (then it
   * must close it itself): see {@link SessionStream#detach()}.
   */
  void onStream(SessionStream stream) throws Exception;
}
