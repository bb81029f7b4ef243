package dev.conifer.node.admin;

import dev.conifer.router.RouterStatus;
import java.util.concurrent.CompletableFuture;

/** Where the admin server gets {@code /status} from: the router, or a fixed status in tests. */
@FunctionalInterface
public interface StatusSource {
  CompletableFuture<RouterStatus> status();
}
