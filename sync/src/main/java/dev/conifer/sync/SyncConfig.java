package dev.conifer.sync;

/**
 * Sync settings: how far in the future an entry may be dated, how many superseded entries are kept
 * per key for audit, and the reconciliation tuning.
 */
public record SyncConfig(long clockSkewMaxUs, int auditCountMax, ReconcileConfig reconcile) {
  public SyncConfig {
    if (clockSkewMaxUs < 0 || auditCountMax < 0) {
      throw new IllegalArgumentException("clock skew and audit bound must be >= 0");
    }
  }

  public static SyncConfig defaults() {
    return new SyncConfig(5 * 60 * 1_000_000L, 16, ReconcileConfig.defaults());
  }
}
