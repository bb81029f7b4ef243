/**
 * Offline-first replication of signed entries (issue 8). The model ({@link
 * dev.conifer.sync.entry.Entry}, {@link dev.conifer.sync.entry.Grant}, {@link
 * dev.conifer.sync.entry.ConflictRule}), the SQLite store ({@link
 * dev.conifer.sync.store.SqliteEntryStore}), range reconciliation ({@link
 * dev.conifer.sync.reconcile.RangeReconciler}) and the sans-I/O session ({@link
 * dev.conifer.sync.SyncSession}) live here; thin stream adapters run a session over any pair of
 * blocking streams. See docs/SYNC.md.
 */
package dev.conifer.sync;
