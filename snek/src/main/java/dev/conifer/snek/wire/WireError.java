package dev.conifer.snek.wire;

/** Why a peer's bytes were rejected. Every decoder rejection names one of these. */
public enum WireError {
  TRUNCATED("input ends before the field is complete"),
  TRAILING_BYTES("bytes remain after the last field"),
  VARU64_NON_MINIMAL("varu64 has a leading zero group"),
  VARU64_OVERFLOW("varu64 exceeds 64 bits"),
  VARU64_TRUNCATED("varu64 ends with the continuation bit set"),
  BAD_MAGIC("frame does not start with \"pine\""),
  UNKNOWN_FRAME_VERSION("frame version is not 0"),
  FRAME_TOO_SHORT("frame length is below the minimum for its type"),
  FRAME_TOO_LONG("frame length exceeds the configured maximum"),
  FRAME_LENGTH_MISMATCH("frame length field disagrees with the bytes received"),
  PAYLOAD_LENGTH_MISMATCH("payload length field disagrees with the frame length"),
  COORDINATES_LENGTH_MISMATCH("coordinates byte length splits a varu64"),
  PORT_OUT_OF_RANGE("port number does not fit the supported range"),
  UNKNOWN_HANDSHAKE_VERSION("handshake version is not 1"),
  CAPABILITIES_MISMATCH("handshake capabilities are not exactly 0x3B"),
  BAD_SIGNATURE("signature does not verify");

  private final String description;

  WireError(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
