package dev.conifer.transfer.replicate;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.wire.BlobConnector;
import dev.conifer.transfer.wire.BlobsClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Pulls a publisher's publication list page by page from the candidate with the newest version: the
 * publisher itself or any holder that keeps its signed pages. Page 0 is asked of up to {@link
 * #PROBES_MAX} candidates at once, so an offline publisher costs no dial timeout before its holders
 * answer. Every page is verified against the publisher's key; a holder whose pages do not check or
 * do not belong together is skipped and named in the failure.
 */
public final class PublicationPuller {
  /** Candidates asked for page 0 at once, best-ranked first. */
  public static final int PROBES_MAX = 8;

  /**
   * Once every holder has answered or failed, how much longer the publisher (whose list is the
   * newest there is) is waited for before a holder's copy is used.
   */
  public static final Duration PUBLISHER_GRACE = Duration.ofSeconds(2);

  /**
   * What a pull found: a newer {@code publication} (null when the known version was current), the
   * candidate that answered, the candidates skipped before it ({@code badLists} of them served
   * pages that did not verify or did not belong together), and the candidates that could not be
   * reached (or had not answered when the pull was decided), to leave out of the blob fetch.
   */
  public record Outcome(
      Publication publication,
      PublicKey from,
      List<String> skipped,
      int badLists,
      List<PublicKey> unreachable) {
    public boolean changed() {
      return publication != null;
    }
  }

  private final BlobConnector connector;
  private final Executor executor;
  private final Duration publisherGrace;

  /** Asks candidates one after another on the caller's thread (tests, tools). */
  public PublicationPuller(BlobConnector connector) {
    this(connector, Runnable::run, PUBLISHER_GRACE);
  }

  /** Asks up to {@link #PROBES_MAX} candidates at once on {@code executor}. */
  public PublicationPuller(BlobConnector connector, Executor executor, Duration publisherGrace) {
    this.connector = connector;
    this.executor = executor;
    this.publisherGrace = publisherGrace;
  }

  /** One candidate's page 0, or why it could not give it. */
  private record Probe(PublicKey holder, PublicationPage page, Exception failure) {}

  /**
   * Asks the candidates for page 0 at once. The publisher's answer decides at once (its list is the
   * newest there is); otherwise the newest version among the holders that answered is pulled, once
   * every holder answered and the publisher had {@link #PUBLISHER_GRACE} more. Throws {@link
   * BlobsException} naming every candidate's failure when none had the list at version {@code
   * knownVersion} or newer.
   */
  public Outcome pull(PublicKey publisher, List<PublicKey> candidates, long knownVersion)
      throws BlobsException {
    Failures f = new Failures();
    List<PublicKey> asked = candidates.subList(0, Math.min(PROBES_MAX, candidates.size()));
    LinkedBlockingQueue<Probe> answers = new LinkedBlockingQueue<>();
    Map<PublicKey, Future<?>> running = new LinkedHashMap<>();
    for (PublicKey c : asked) {
      running.put(c, CompletableFuture.runAsync(() -> answers.add(probe(c, publisher)), executor));
    }
    List<Probe> fromHolders = new ArrayList<>();
    int holdersLeft = asked.contains(publisher) ? asked.size() - 1 : asked.size();
    boolean publisherLeft = asked.contains(publisher);
    boolean holdersAsked = holdersLeft > 0;
    while (holdersLeft > 0 || publisherLeft) {
      // Once every holder has answered, only the publisher's answer can still come: it gets the
      // grace. With no holder to fall back on, it is waited for as long as its dial takes.
      boolean onlyPublisherLeft = holdersAsked && holdersLeft == 0;
      Probe p;
      try {
        p =
            onlyPublisherLeft
                ? answers.poll(publisherGrace.toNanos(), TimeUnit.NANOSECONDS)
                : answers.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BlobsException(BlobsError.IO, "pull of " + publisher.shortHex() + " interrupted");
      }
      if (p == null) {
        f.unreachable.add(publisher);
        f.failures.add(publisher.shortHex() + ": no answer within the grace after its holders");
        break; // the publisher is slow or offline: its holders decide
      }
      running.remove(p.holder());
      if (p.failure() != null) {
        f.note(p.holder(), p.failure());
      }
      if (p.holder().equals(publisher)) {
        publisherLeft = false;
        if (p.page() != null) {
          if (p.page().version() >= knownVersion) {
            Publication got = rest(p, knownVersion, f);
            if (got != null || p.page().version() == knownVersion) {
              return f.outcome(got, publisher, running.keySet());
            }
          } else {
            f.failures.add(publisher.shortHex() + ": has older version " + p.page().version());
          }
        }
      } else {
        holdersLeft--;
        if (p.page() != null) {
          fromHolders.add(p);
        }
      }
    }
    fromHolders.sort(Comparator.comparingLong((Probe p) -> p.page().version()).reversed());
    for (Probe p : fromHolders) {
      if (p.page().version() < knownVersion) {
        f.failures.add(p.holder().shortHex() + ": has older version " + p.page().version());
        continue;
      }
      Publication got = rest(p, knownVersion, f);
      if (got != null || p.page().version() == knownVersion) {
        return f.outcome(got, p.holder(), running.keySet());
      }
    }
    String why = candidates.isEmpty() ? "no holder known" : String.join("; ", f.failures);
    throw new BlobsException(
        f.verification != null ? f.verification.error() : BlobsError.IO,
        "cannot pull the list of " + publisher.shortHex() + ": " + why);
  }

  private Probe probe(PublicKey holder, PublicKey publisher) {
    try (BlobsClient client = connector.connect(holder)) {
      return new Probe(holder, client.listPage(publisher, 0), null);
    } catch (IOException | RuntimeException e) {
      return new Probe(holder, null, e);
    }
  }

  /**
   * The whole list whose page 0 {@code first} gave; null if it is not newer than known or the rest
   * of the pages could not be had.
   */
  private Publication rest(Probe first, long knownVersion, Failures f) {
    if (first.page().version() == knownVersion) {
      return null;
    }
    int count = first.page().pageCount();
    List<PublicationPage> pages = new ArrayList<>(count);
    pages.add(first.page());
    if (count == 1) {
      try {
        return Publication.assemble(pages);
      } catch (BlobsException | RuntimeException e) {
        f.note(first.holder(), e);
        return null;
      }
    }
    try (BlobsClient client = connector.connect(first.holder())) {
      for (int p = 1; p < count; p++) {
        pages.add(client.listPage(first.page().publisher(), p));
      }
      return Publication.assemble(pages);
    } catch (IOException | RuntimeException e) {
      f.note(first.holder(), e);
      return null;
    }
  }

  /** What went wrong with which candidate, while a pull runs. */
  private static final class Failures {
    final List<String> failures = new ArrayList<>();
    final List<PublicKey> unreachable = new ArrayList<>();
    int bad;
    BlobsException verification;

    void note(PublicKey holder, Exception e) {
      if (e instanceof BlobsException b
          && (b.error() == BlobsError.VERIFICATION_FAILED || b.error() == BlobsError.PROTOCOL)) {
        verification = b;
        bad++;
      } else if (!(e instanceof BlobsException b && b.error() == BlobsError.NOT_FOUND)) {
        unreachable.add(holder);
      }
      failures.add(holder.shortHex() + ": " + (e instanceof BlobsException ? e.getMessage() : e));
    }

    Outcome outcome(Publication got, PublicKey from, java.util.Set<PublicKey> stillAsking) {
      List<PublicKey> out = new ArrayList<>(unreachable);
      for (PublicKey k : stillAsking) {
        if (!out.contains(k)) {
          out.add(k);
        }
      }
      return new Outcome(got, from, failures, bad, out);
    }
  }
}
