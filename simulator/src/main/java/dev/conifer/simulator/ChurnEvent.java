package dev.conifer.simulator;

/**
 * One change to the network (a churn model's or a scenario's) and how long the network took to
 * converge again after it: {@link #recoveryNs} is {@link #UNRECOVERED} until then.
 */
public final class ChurnEvent {
  public static final long UNRECOVERED = -1;

  private final long timeNs;
  private final String kind;
  private final String detail;
  long recoveryNs = UNRECOVERED;

  ChurnEvent(long timeNs, String kind, String detail) {
    this.timeNs = timeNs;
    this.kind = kind;
    this.detail = detail;
  }

  public long timeNs() {
    return timeNs;
  }

  public String kind() {
    return kind;
  }

  public String detail() {
    return detail;
  }

  public long recoveryNs() {
    return recoveryNs;
  }
}
