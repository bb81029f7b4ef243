package dev.conifer.node.services;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every outcome of replication that is not "it worked" is counted here, logged at info or warn, and
 * named in {@code conifer replicate ls}: nothing fails silently.
 */
public final class ReplicationCounters {
  final AtomicLong pulls = new AtomicLong();
  final AtomicLong pullsUnreachable = new AtomicLong();
  final AtomicLong badLists = new AtomicLong();
  final AtomicLong blobsReplicated = new AtomicLong();
  final AtomicLong bytesReplicated = new AtomicLong();
  final AtomicLong fetchFailures = new AtomicLong();
  final AtomicLong badBlobHolders = new AtomicLong();
  final AtomicLong quotaRefusals = new AtomicLong();
  final AtomicLong evictions = new AtomicLong();
  final AtomicLong noticesSent = new AtomicLong();
  final AtomicLong noticeFailures = new AtomicLong();
  final AtomicLong noticesReceived = new AtomicLong();
  final AtomicLong noticesIgnored = new AtomicLong();
  final AtomicLong triggeredPulls = new AtomicLong();

  public void bindTo(MeterRegistry registry) {
    counter(registry, "conifer.replication.pulls", "publication lists pulled", pulls);
    counter(
        registry,
        "conifer.replication.pulls.unreachable",
        "pulls where no holder of the list answered",
        pullsUnreachable);
    counter(
        registry,
        "conifer.replication.bad.lists",
        "publication lists served with a bad signature or mixed versions",
        badLists);
    counter(registry, "conifer.replication.blobs", "blobs replicated and pinned", blobsReplicated);
    counter(registry, "conifer.replication.bytes", "verified bytes replicated", bytesReplicated);
    counter(
        registry,
        "conifer.replication.fetch.failures",
        "listed blobs that could not be fetched",
        fetchFailures);
    counter(
        registry,
        "conifer.replication.bad.blob.holders",
        "holders caught serving data that does not match the hash",
        badBlobHolders);
    counter(
        registry,
        "conifer.replication.quota.refusals",
        "blobs not kept because their verified size did not fit the quota",
        quotaRefusals);
    counter(registry, "conifer.replication.evictions", "blobs evicted by tier", evictions);
    counter(
        registry,
        "conifer.replication.notices.sent",
        "list-version notices delivered to keys that asked for the list",
        noticesSent);
    counter(
        registry,
        "conifer.replication.notice.failures",
        "list-version notices that could not be delivered (tried again later)",
        noticeFailures);
    counter(
        registry, "conifer.replication.notices.received", "list-version notices", noticesReceived);
    counter(
        registry,
        "conifer.replication.notices.ignored",
        "notices of an untrusted publisher or of a version already held",
        noticesIgnored);
    counter(
        registry,
        "conifer.replication.triggered.pulls",
        "pulls run because of a notice or a trusted key coming up",
        triggeredPulls);
  }

  private static void counter(MeterRegistry r, String name, String help, AtomicLong value) {
    FunctionCounter.builder(name, value, AtomicLong::get).description(help).register(r);
  }
}
