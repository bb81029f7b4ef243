package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.node.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conifer sync ...} against a temporary data directory: no network involved. */
class SyncCommandTest {
  @TempDir Path data;

  private CliRun sync(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "sync";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data";
    all[args.length + 2] = data.toString();
    return CliRun.of(all);
  }

  @Test
  void createPutGetListAndExplain() throws Exception {
    CliRun created = sync("ns", "create", "family");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).startsWith("created namespace family ").contains("EAGER");

    CliRun put = sync("put", "family", "greeting", "hello");
    assertThat(put.exitCode()).as(put.err()).isZero();
    assertThat(put.out()).startsWith("put greeting (5 bytes");

    Path file = data.resolve("value.txt");
    Files.writeString(file, "from a file");
    assertThat(sync("put", "family", "notes/a", "--file", file.toString()).exitCode()).isZero();

    CliRun get = sync("get", "family", "greeting");
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(get.out()).isEqualTo("hello");

    CliRun ls = sync("ls", "family");
    assertThat(ls.out().lines()).hasSize(2);
    assertThat(ls.out()).contains("greeting\t5 B").contains("notes/a\t11 B");
    assertThat(sync("ls", "family", "notes/").out().lines()).hasSize(1);

    CliRun why = sync("why", "family", "greeting");
    assertThat(why.exitCode()).as(why.err()).isZero();
    assertThat(why.out()).contains("key greeting").contains("current: entry");

    CliRun status = sync("status");
    assertThat(status.out()).contains("family").contains("2 entries");
  }

  @Test
  void partnersAddAppearsInStatus() {
    String partner = "ab".repeat(32);
    CliRun added = sync("partners", "add", partner, "laptop");
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(sync("status").out()).contains(partner.substring(0, 8));
  }

  @Test
  void unknownNamespaceIsAOneLineErrorExitingOne() {
    CliRun run = sync("put", "nope", "k", "v");

    assertThat(run.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(run.err())
        .startsWith("conifer sync put: unknown namespace: nope")
        .doesNotContain("\tat ");
  }

  @Test
  void missingValueIsAUsageError() {
    sync("ns", "create", "family");

    assertThat(sync("put", "family", "k").exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(sync("put", "family", "k", "v", "--file", "x").exitCode())
        .isEqualTo(Conifer.EXIT_USAGE);
  }

  @Test
  void getOfAnAbsentKeyExitsOne() {
    sync("ns", "create", "family");

    CliRun run = sync("get", "family", "missing");

    assertThat(run.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(run.err()).contains("no value for missing");
  }

  @Test
  void shareOfflinePrintsOneTicketLineAndBadTicketsAreOneLineErrors() {
    sync("ns", "create", "family");
    CliRun share = sync("ns", "share", "family", "--write", "--expires", "2d");
    assertThat(share.exitCode()).as(share.err()).isZero();
    assertThat(share.out()).matches("nsticket[a-z2-7]+\n");

    CliRun own = sync("ns", "join", share.out().strip());
    assertThat(own.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(own.err()).contains("made by this node").doesNotContain("\tat ");

    CliRun kind = sync("ns", "join", "blobticketaaaa");
    assertThat(kind.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(kind.err().strip())
        .isEqualTo(
            "conifer sync ns join: not a namespace ticket: it should start with 'nsticket',"
                + " this one starts with 'blobticket'");
    CliRun status = sync("status");
    assertThat(status.out()).contains("ticketsRefused.wrong-kind=1");
  }

  @Test
  void interestAndPublishAreRememberedAndListed() {
    sync("ns", "create", "family");

    CliRun interest = sync("ns", "interest", "family", "photos/", "docs/");
    assertThat(interest.exitCode()).as(interest.err()).isZero();
    assertThat(sync("ns", "publish", "family").out()).startsWith("published family");

    assertThat(sync("ns", "ls").out())
        .matches("family\t[0-9a-f]{64}\towner\teager\tdocs/,photos/\tpublished\n");
    sync("ns", "interest", "family");
    sync("ns", "publish", "family", "--off");
    assertThat(sync("ns", "ls").out()).endsWith("\towner\teager\tall keys\n");
  }

  @Test
  void interestTakesATimeRangeAndTheOwnerRevokesATicket() {
    assertThat(sync("ns", "create", "family").exitCode()).isZero();
    CliRun interest =
        sync(
            "ns",
            "interest",
            "family",
            "photos/",
            "--since",
            "7d",
            "--until",
            "2099-01-01T00:00:00Z");
    assertThat(interest.exitCode()).as(interest.err()).isZero();
    assertThat(interest.out())
        .isEqualTo(
            "interested in keys of family under photos/ since 7d ago until 2099-01-01T00:00:00Z\n");
    assertThat(sync("ns", "ls").out())
        .contains("\tphotos/ since 7d ago until 2099-01-01T00:00:00Z");
    CliRun bad = sync("ns", "interest", "family", "--since", "last tuesday");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("'last tuesday' is neither an ISO instant");

    CliRun share = sync("ns", "share", "family", "--write");
    assertThat(share.exitCode()).as(share.err()).isZero();
    assertThat(share.err()).contains("grant ").contains("conifer sync ns revoke family ");
    CliRun revoke = sync("ns", "revoke", "family", "--ticket", share.out().strip());
    assertThat(revoke.exitCode()).as(revoke.err()).isZero();
    assertThat(revoke.out()).startsWith("revoked the ticket's grant ");
    assertThat(sync("ns", "ls").out()).contains("\trevoked 1");
    CliRun badTarget = sync("ns", "revoke", "family", "abc");
    assertThat(badTarget.exitCode()).isNotZero();
    assertThat(badTarget.err()).contains("64 hex digits");
    CliRun reserved = sync("put", "family", ".conifer/revoked/x", "v");
    assertThat(reserved.exitCode()).isNotZero();
    assertThat(reserved.err()).contains("are reserved");
  }
}
