package dev.apikey.spring;

import dev.apikey.ScopeMatch;
import dev.apikey.http.EndpointRequirement;
import java.util.Set;

/**
 * What a Spring Security chain leaves on a request when it verified the request's key before the request reached
 * its handler — read by the MVC interceptor, which must neither verify the key again nor charge it twice. Holds no
 * Spring Security type, so the interceptor works without Spring Security on the classpath.
 */
final class ChainVerification {

    /** What the chain checks when it needs the caller before the handler is known: a valid key, one request. */
    static final EndpointRequirement ANY_KEY = EndpointRequirement.require(Set.of(), ScopeMatch.ALL, "Spring Security");

    /** Attribute: the {@code Refusal} of the key the chain verified. */
    static final String REFUSAL = ChainVerification.class.getName() + ".refusal";

    /** Attribute, {@code Boolean.TRUE}: the chain verified the key as a request of cost 1, not the handler's. */
    static final String CHARGED_ONE = ChainVerification.class.getName() + ".chargedOne";

    /** Attribute, {@code Boolean.TRUE}: the Spring Security chain has run; nothing verifies a key lazily any more. */
    static final String CHAIN_ENDED = ChainVerification.class.getName() + ".chainEnded";

    private ChainVerification() {}
}
