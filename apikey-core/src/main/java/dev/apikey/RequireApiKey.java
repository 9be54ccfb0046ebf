package dev.apikey;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint (a class, or one handler method) as reachable only with a valid API key, optionally one
 * holding given scopes.
 *
 * <pre>{@code
 * @RequireApiKey(scopes = "reports:read")
 * public class ReportsServlet extends HttpServlet { … }
 * }</pre>
 *
 * <p>A method-level annotation wins over the class-level one. The annotation lives in the core module so
 * that every integration (the servlet filter, and others such as JAX-RS or Spring MVC) honours the same one.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireApiKey {

    /** Scopes the key must hold; none means any valid key is enough. */
    String[] scopes() default {};

    /** Whether the key needs {@linkplain ScopeMatch#ALL all} of the {@link #scopes()} or {@linkplain ScopeMatch#ANY any}. */
    ScopeMatch match() default ScopeMatch.ALL;

    /** How much one request costs against the key's rate limit and quota (an expensive endpoint: more). */
    int cost() default 1;
}
