package dev.unison.contracts;

/** Who acted for the company: a person or an automation (bot, auto-responder). */
public record Agent(String id, boolean automated) {
}
