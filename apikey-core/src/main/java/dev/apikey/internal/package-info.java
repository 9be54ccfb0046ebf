/**
 * Helpers shared by apikey's own modules only (the module exports this package to them alone): not API.
 */
@NullMarked
package dev.apikey.internal;

import org.jspecify.annotations.NullMarked;
