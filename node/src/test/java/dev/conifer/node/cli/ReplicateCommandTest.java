package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.conifer.node.CliRun;
import dev.conifer.node.UserException;
import dev.conifer.node.services.ReplicationPolicy;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.replicate.NodeRole;
import dev.conifer.transfer.replicate.Tier;
import dev.conifer.transfer.replicate.TrustRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conifer replicate} without a running node edits {@code replication.conf}, which reads back
 * to the same policy; mistakes are one line naming the input.
 */
class ReplicateCommandTest {
  static final String KEY = "ab".repeat(32);
  @TempDir Path dir;

  @Test
  void trustLsAndUntrustEditThePolicyFileForTheNextStart() throws Exception {
    String data = "--data=" + dir;
    CliRun trust =
        CliRun.of("replicate", "trust", KEY, "--tier", "reciprocal", "--quota", "5GiB", data);
    assertThat(trust.exitCode()).as(trust.err()).isZero();
    assertThat(trust.out())
        .isEqualTo(
            "trusted "
                + KEY
                + " reciprocal quota 5368709120 (no node running: from its next start)\n");
    assertThat(CliRun.of("replicate", "capacity", "100G", data).exitCode()).isZero();
    assertThat(CliRun.of("replicate", "gift", "1GiB", data).exitCode()).isZero();

    ReplicationPolicy p = ReplicationPolicy.load(dir);
    assertThat(p.rules())
        .containsExactlyInAnyOrder(
            new TrustRule(PublicKey.fromHex(KEY), Tier.RECIPROCAL, 5L << 30),
            TrustRule.gift(1L << 30));
    assertThat(p.capacityLength()).isEqualTo(100L << 30);
    assertThat(CliRun.of("replicate", "ls", data).out())
        .contains(KEY + " reciprocal quota 5368709120")
        .contains("gift gift quota 1073741824")
        .contains("capacity 107374182400");

    assertThat(CliRun.of("replicate", "untrust", KEY, data).out()).startsWith("untrusted " + KEY);
    assertThat(ReplicationPolicy.load(dir).rules()).containsExactly(TrustRule.gift(1L << 30));
  }

  @Test
  void mistakesAreOneLineNamingTheInput() {
    String data = "--data=" + dir;
    CliRun noQuota = CliRun.of("replicate", "trust", KEY, "--tier", "invested", data);
    assertThat(noQuota.exitCode()).isNotZero();
    assertThat(noQuota.err()).contains("--quota: a invested rule needs a quota");
    CliRun badTier =
        CliRun.of("replicate", "trust", KEY, "--tier", "family", "--quota", "1G", data);
    assertThat(badTier.err()).contains("--tier: not a tier: 'family'");
    CliRun badKey = CliRun.of("replicate", "trust", "xyz", "--tier", "sovereign", data);
    assertThat(badKey.err()).contains("KEY: public key must be 64 hex characters");
    CliRun badSize = CliRun.of("replicate", "capacity", "lots", data);
    assertThat(badSize.err()).contains("SIZE: not a size: lots");
    CliRun notTrusted = CliRun.of("replicate", "untrust", KEY, data);
    assertThat(notTrusted.err()).contains(KEY + " is not trusted");
  }

  @Test
  void thePolicyFileReadsBackToTheSamePolicy() throws Exception {
    ReplicationPolicy p =
        ReplicationPolicy.NONE
            .with(new TrustRule(PublicKey.fromHex(KEY), Tier.SOVEREIGN, 0))
            .with(new TrustRule(PublicKey.fromHex("cd".repeat(32)), Tier.INVESTED, 7))
            .with(TrustRule.gift(9))
            .withCapacity(1 << 20)
            .withRole(NodeRole.ALWAYS_ON)
            .withClusters(List.of("home", "family"));
    p =
        new ReplicationPolicy(
            p.rules(), p.capacityLength(), p.role(), p.clusters(), 3, Duration.ofMillis(1500));
    p.save(dir);
    assertThat(ReplicationPolicy.load(dir)).isEqualTo(p);
    assertThat(ReplicationPolicy.size("5GiB")).isEqualTo(5L << 30);
    assertThat(ReplicationPolicy.size("500MB")).isEqualTo(500L << 20);
    assertThat(ReplicationPolicy.size("123")).isEqualTo(123);
  }

  @Test
  void aMalformedLineIsNamed() throws Exception {
    Files.writeString(dir.resolve(ReplicationPolicy.FILE), "role always-on\nrole server\n");
    assertThat(catchThrowable(() -> ReplicationPolicy.load(dir)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("replication.conf:2")
        .hasMessageContaining("not a role: 'server'");
  }
}
