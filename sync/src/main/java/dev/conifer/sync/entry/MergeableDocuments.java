package dev.conifer.sync.entry;

import java.util.List;
import org.automerge.Document;

/**
 * Automerge support: the parts of a mergeable entry are Automerge change sets (or saved documents);
 * applying all of them in any order yields the same document, so concurrent offline edits both
 * survive. The native library ships inside the automerge jar.
 */
public final class MergeableDocuments {
  private static final String UNAVAILABLE = availability();

  private MergeableDocuments() {}

  private static String availability() {
    try {
      new Document().free();
      return null;
    } catch (Throwable t) {
      return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
  }

  /** Null if Automerge's native library loaded, else why not. */
  public static String unavailableReason() {
    return UNAVAILABLE;
  }

  /**
   * Applies every part to a new document. A part Automerge cannot parse (validly signed garbage) is
   * skipped, so one bad writer cannot make a document unreadable.
   */
  public static Document merge(List<byte[]> parts) {
    if (UNAVAILABLE != null) {
      throw new IllegalStateException("Automerge is unavailable: " + UNAVAILABLE);
    }
    Document doc = new Document();
    for (byte[] part : parts) {
      try {
        doc.applyEncodedChanges(part);
      } catch (RuntimeException badPart) {
        // Skipped: see the method comment.
      }
    }
    return doc;
  }

  /** The merged document in Automerge's saved form. */
  public static byte[] mergedBytes(List<byte[]> parts) {
    Document doc = merge(parts);
    try {
      return doc.save();
    } finally {
      doc.free();
    }
  }
}
