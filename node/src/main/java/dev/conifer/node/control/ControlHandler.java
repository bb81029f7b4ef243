package dev.conifer.node.control;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One control endpoint: takes the request's JSON body (an empty object when there is none) and
 * returns the JSON answer. Runs on a control worker thread, never on an event loop, so it may block
 * (disk, network). Throws {@link ControlException} for answers other than 200.
 */
@FunctionalInterface
public interface ControlHandler {
  JsonNode handle(JsonNode request) throws Exception;
}
