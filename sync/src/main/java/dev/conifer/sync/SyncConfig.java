package dev.conifer.sync;

import dev.conifer.sync.reconcile.ReconcileConfig;

/**
 * Sync settings: how far in the future an entry may be dated, how many superseded entries are kept
 * per key for audit, the reconciliation tuning, and how many live parts a document may have before
 * the next local edit is written as a snapshot (compaction).
 */
public record SyncConfig(
    long clockSkewMaxUs, int auditCountMax, ReconcileConfig reconcile, int documentPartsMax) {
  public static final int DOCUMENT_PARTS_MAX_DEFAULT = 16;

  public SyncConfig {
    if (clockSkewMaxUs < 0 || auditCountMax < 0 || documentPartsMax < 1) {
      throw new IllegalArgumentException(
          "clock skew and audit bound must be >= 0, document parts bound >= 1");
    }
  }

  public SyncConfig(long clockSkewMaxUs, int auditCountMax, ReconcileConfig reconcile) {
    this(clockSkewMaxUs, auditCountMax, reconcile, DOCUMENT_PARTS_MAX_DEFAULT);
  }

  public static SyncConfig defaults() {
    return new SyncConfig(5 * 60 * 1_000_000L, 16, ReconcileConfig.defaults());
  }

  public SyncConfig withDocumentPartsMax(int max) {
    return new SyncConfig(clockSkewMaxUs, auditCountMax, reconcile, max);
  }
}
