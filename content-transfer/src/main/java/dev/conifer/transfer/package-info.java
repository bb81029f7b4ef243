/**
 * Content transfer: BLAKE3 content-addressed blobs stored under the data directory, verified while
 * they stream in 16 KiB chunk groups, fetched from several holders and resumable. See
 * docs/CONTENT.md for the store, the {@code conifer-blobs/1} wire messages and the limits.
 */
package dev.conifer.transfer;
