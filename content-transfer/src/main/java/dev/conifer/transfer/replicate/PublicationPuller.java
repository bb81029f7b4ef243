package dev.conifer.transfer.replicate;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.wire.BlobConnector;
import dev.conifer.transfer.wire.BlobsClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pulls a publisher's publication list page by page from the first candidate that has a version at
 * least as new as the one already known: the publisher itself or any holder that keeps its signed
 * pages. Every page is verified against the publisher's key; a holder whose pages do not check or
 * do not belong together is skipped and named in the failure.
 */
public final class PublicationPuller {
  /**
   * What a pull found: a newer {@code publication} (null when the known version was current), the
   * candidate that answered, and the candidates skipped before it ({@code badLists} of them served
   * pages that did not verify or did not belong together).
   */
  public record Outcome(
      Publication publication, PublicKey from, List<String> skipped, int badLists) {
    public boolean changed() {
      return publication != null;
    }
  }

  private final BlobConnector connector;

  public PublicationPuller(BlobConnector connector) {
    this.connector = connector;
  }

  /**
   * Asks the publisher first (its list is the newest there is); when it cannot answer, asks every
   * other candidate for page 0 and pulls the newest version from the first that has it, so a holder
   * with a stale copy cannot hide a newer one. Throws {@link BlobsException} naming every
   * candidate's failure when none had the list at version {@code knownVersion} or newer.
   */
  public Outcome pull(PublicKey publisher, List<PublicKey> candidates, long knownVersion)
      throws BlobsException {
    List<String> failures = new ArrayList<>();
    int[] bad = {0};
    BlobsException[] verification = {null};
    if (candidates.contains(publisher)) {
      Publication got = tryPull(publisher, publisher, knownVersion, failures, bad, verification);
      if (got != null || failures.isEmpty()) {
        return new Outcome(got, publisher, failures, bad[0]);
      }
    }
    PublicKey newest = null;
    long newestVersion = -1;
    for (PublicKey holder : candidates) {
      if (holder.equals(publisher)) {
        continue;
      }
      try (BlobsClient client = connector.connect(holder)) {
        long v = client.listPage(publisher, 0).version();
        if (v > newestVersion) {
          newest = holder;
          newestVersion = v;
        }
      } catch (IOException | RuntimeException e) {
        note(holder, e, failures, bad, verification);
      }
    }
    if (newest != null && newestVersion >= knownVersion) {
      Publication got = tryPull(newest, publisher, knownVersion, failures, bad, verification);
      if (got != null || newestVersion == knownVersion) {
        return new Outcome(got, newest, failures, bad[0]);
      }
    } else if (newest != null) {
      failures.add(newest.shortHex() + ": has older version " + newestVersion);
    }
    String why = candidates.isEmpty() ? "no holder known" : String.join("; ", failures);
    throw new BlobsException(
        verification[0] != null ? verification[0].error() : BlobsError.IO,
        "cannot pull the list of " + publisher.shortHex() + ": " + why);
  }

  /** The whole list from {@code holder}; null if it is not newer than known or the pull failed. */
  private Publication tryPull(
      PublicKey holder,
      PublicKey publisher,
      long knownVersion,
      List<String> failures,
      int[] bad,
      BlobsException[] verification) {
    try (BlobsClient client = connector.connect(holder)) {
      PublicationPage first = client.listPage(publisher, 0);
      if (first.version() < knownVersion) {
        failures.add(holder.shortHex() + ": has older version " + first.version());
        return null;
      }
      if (first.version() == knownVersion) {
        return null;
      }
      List<PublicationPage> pages = new ArrayList<>(first.pageCount());
      pages.add(first);
      for (int p = 1; p < first.pageCount(); p++) {
        pages.add(client.listPage(publisher, p));
      }
      return Publication.assemble(pages);
    } catch (IOException | RuntimeException e) {
      note(holder, e, failures, bad, verification);
      return null;
    }
  }

  private static void note(
      PublicKey holder,
      Exception e,
      List<String> failures,
      int[] bad,
      BlobsException[] verification) {
    if (e instanceof BlobsException b
        && (b.error() == BlobsError.VERIFICATION_FAILED || b.error() == BlobsError.PROTOCOL)) {
      verification[0] = b;
      bad[0]++;
    }
    failures.add(holder.shortHex() + ": " + (e instanceof BlobsException ? e.getMessage() : e));
  }
}
