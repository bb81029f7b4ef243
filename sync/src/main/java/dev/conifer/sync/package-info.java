/**
 * Offline-first replication of signed entries (issue 8). The model ({@link dev.conifer.sync.Entry},
 * {@link dev.conifer.sync.Grant}, {@link dev.conifer.sync.ConflictRule}), the SQLite store ({@link
 * dev.conifer.sync.SqliteEntryStore}), range reconciliation ({@link
 * dev.conifer.sync.RangeReconciler}) and the sans-I/O session ({@link
 * dev.conifer.sync.SyncSession}) live here; thin stream adapters run a session over any pair of
 * blocking streams. See docs/SYNC.md.
 */
package dev.conifer.sync;
