package io.helmgate.domain.request;

/**
 * Where a request's message lives in the chat: the conversation and the message id. Opaque to the
 * domain; the chat adapter gives it meaning (in Slack: channel id and message ts).
 */
public record MessageRef(String conversation, String id) {}
