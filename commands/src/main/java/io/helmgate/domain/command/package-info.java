/**
 * Slash commands as typed values: {@link io.helmgate.domain.command.CommandParser} reads Slack text
 * into a {@link io.helmgate.domain.command.Command} or a refusal a person can act on.
 */
package io.helmgate.domain.command;
