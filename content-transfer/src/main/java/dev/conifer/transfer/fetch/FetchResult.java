package dev.conifer.transfer.fetch;

import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transfer.hash.BlobHash;
import java.util.List;
import java.util.Map;

/**
 * Outcome of one fetch.
 *
 * @param groupsByHolder verified groups written from each holder (duplicates not counted)
 * @param banned holders caught sending data or proofs that do not match the hash
 * @param resumedGroups groups already present when the fetch started
 */
public record FetchResult(
    BlobHash hash,
    long size,
    Map<PublicKey, Long> groupsByHolder,
    List<PublicKey> banned,
    long verificationFailureCount,
    long transportFailureCount,
    long stealCount,
    long resumedGroups) {}
