/**
 * API-key authentication for Jakarta REST: {@link dev.apikey.jaxrs.ApiKeyFeature}, registered like any feature,
 * honours {@code @RequireApiKey}, {@code @PermitAll}, {@code @DenyAll} and {@code @RolesAllowed} on resource methods
 * and classes, on Jersey, RESTEasy and other runtimes.
 */
@NullMarked
package dev.apikey.jaxrs;

import org.jspecify.annotations.NullMarked;
