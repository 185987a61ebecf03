/** The Helmgate domain: commands, policy, request lifecycle and the ports it needs. */
package io.helmgate.domain;
