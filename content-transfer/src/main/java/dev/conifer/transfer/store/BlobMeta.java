package dev.conifer.transfer.store;

/**
 * What the person who added a blob said about it, kept beside the content (never part of the hash):
 * the media type a web doorway sends and the file name it suggests for a download.
 *
 * @param contentType a media type such as {@code image/png}, or null when unknown
 * @param fileName the original file name (no directories), or null when unknown
 */
public record BlobMeta(String contentType, String fileName) {
  public static final BlobMeta UNKNOWN = new BlobMeta(null, null);
}
