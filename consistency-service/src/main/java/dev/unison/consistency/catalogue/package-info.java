/**
 * The rule catalogue: one entry per rule ({@link dev.unison.consistency.catalogue.RuleCatalogue}) with what it
 * detects, its built-in settings, the departments its alerts name, its detectors with their stores, and how its state
 * of a customer is read. The topology, {@code GET /rules} and {@code GET /customers/{id}/state} loop over it.
 */
package dev.unison.consistency.catalogue;
