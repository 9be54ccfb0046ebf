package dev.apikey.servlet;

import dev.apikey.RequireApiKey;
import dev.apikey.ScopeMatch;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.MDC;

/** Servlets the filter tests deploy; each answers with what the application can see of the request. */
public final class TestServlets {

    private TestServlets() {}

    /** Writes what the application sees: principal, auth type, roles, headers, MDC, query. */
    static void echo(HttpServletRequest request, HttpServletResponse response, String servlet) throws IOException {
        Principal principal = request.getUserPrincipal();
        String role = request.getParameter("role");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter()
                .write(String.join(
                                "\n",
                                List.of(
                                        "servlet=" + servlet,
                                        "dispatch=" + request.getDispatcherType(),
                                        "principal=" + (principal == null ? "-" : principal.getName()),
                                        "principalClass="
                                                + (principal == null
                                                        ? "-"
                                                        : principal.getClass().getSimpleName()),
                                        "keyName=" + (principal instanceof ApiKeyPrincipal key ? key.name() : "-"),
                                        "remoteUser=" + request.getRemoteUser(),
                                        "authType=" + request.getAuthType(),
                                        "inRole=" + (role == null ? "-" : request.isUserInRole(role)),
                                        "header=" + request.getHeader("X-API-Key"),
                                        "headerNames="
                                                + Collections.list(request.getHeaderNames()).stream()
                                                        .anyMatch("x-api-key"::equalsIgnoreCase),
                                        "authorization=" + request.getHeader("Authorization"),
                                        "query=" + request.getQueryString(),
                                        "param=" + request.getParameter("api_key"),
                                        "mdc=" + MDC.get(ApiKeyFilter.MDC_KEY),
                                        "attribute="
                                                + ApiKeyPrincipal.from(request)
                                                        .map(ApiKeyPrincipal::id)
                                                        .orElse("-")))
                        + "\n");
    }

    /** Any valid key. */
    @RequireApiKey
    public static class Secure extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "secure");
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "secure-post");
        }
    }

    /** Inherits {@code @RequireApiKey} from its superclass. */
    public static class Inheriting extends Secure {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "inheriting");
        }
    }

    /** Needs scope reports:read. */
    @RequireApiKey(scopes = "reports:read")
    public static class Reports extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "reports");
        }
    }

    /** Needs scope a or b. */
    @RequireApiKey(
            scopes = {"a", "b"},
            match = ScopeMatch.ANY)
    public static class AnyScope extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "any-scope");
        }
    }

    /** Roles as scopes: admin or ops. */
    @RolesAllowed({"admin", "ops"})
    public static class Roles extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "roles");
        }
    }

    /** Class needs a key; GET is open, DELETE denied, PUT needs scope write, POST follows the class. */
    @RequireApiKey
    public static class Mixed extends HttpServlet {
        @Override
        @PermitAll
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "mixed-get");
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "mixed-post");
        }

        @Override
        @DenyAll
        protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "mixed-delete");
        }

        @Override
        @RequireApiKey(scopes = "write")
        protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "mixed-put");
        }
    }

    /** Denied as a class, but GET asks for a key: the method level wins. */
    @DenyAll
    public static class DeniedClass extends HttpServlet {
        @Override
        @RequireApiKey
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "denied-class-get");
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "denied-class-post");
        }
    }

    /** Both @PermitAll and @DenyAll: deny wins. */
    @PermitAll
    @DenyAll
    public static class PermitAndDeny extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "permit-and-deny");
        }
    }

    /** Open as a class, but the key requirement on GET wins. */
    @PermitAll
    public static class OpenClassSecureGet extends HttpServlet {
        @Override
        @RequireApiKey
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "open-class-secure-get");
        }
    }

    /** No annotation: path rules and the default policy decide. */
    public static class Open extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "open");
        }
    }

    /** Answers from another thread, then (with ?dispatch) dispatches asynchronously to /open/after-async. */
    @RequireApiKey
    public static class Async extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext async = req.startAsync(req, resp);
            boolean dispatch =
                    req.getQueryString() != null && req.getQueryString().contains("dispatch");
            new Thread(
                            () -> {
                                try {
                                    if (dispatch) {
                                        async.dispatch("/open/after-async");
                                    } else {
                                        echo(req, resp, "async");
                                        async.complete();
                                    }
                                } catch (IOException | RuntimeException e) {
                                    async.complete();
                                }
                            },
                            "test-async")
                    .start();
        }
    }

    /** Forwards (or with ?include, includes) /open/target. */
    @RequireApiKey
    public static class Forwarding extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            if (req.getQueryString() != null && req.getQueryString().contains("include")) {
                resp.setContentType("text/plain;charset=UTF-8");
                req.getRequestDispatcher("/open/target").include(req, resp);
            } else {
                req.getRequestDispatcher("/open/target").forward(req, resp);
            }
        }
    }

    /** Fails with 409, which the deployment maps to an error page. */
    @RequireApiKey
    public static class Failing extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(409);
        }
    }

    /** Throws, to check the MDC is cleaned up anyway. */
    @RequireApiKey
    public static class Throwing extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException {
            throw new ServletException("boom");
        }
    }

    /** An error page that shows what it sees. */
    @PermitAll
    public static class ErrorPage extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(409);
            echo(req, resp, "error-page");
        }
    }

    /** Protection declared on a {@code service} override: applies to every method. */
    public static class ServiceAnnotated extends HttpServlet {
        @Override
        @RequireApiKey
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            super.service(req, resp);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "service-annotated");
        }
    }

    /** A plain GenericServlet protected on its service method. */
    public static class GenericProtected extends jakarta.servlet.GenericServlet {
        @Override
        @RequireApiKey
        public void service(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res)
                throws IOException {
            echo((HttpServletRequest) req, (HttpServletResponse) res, "generic");
        }
    }

    /** A base whose GET needs scope admin. */
    public static class AdminBase extends HttpServlet {
        @Override
        @RequireApiKey(scopes = "admin")
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "admin-base");
        }
    }

    /** Overrides the protected GET without repeating the annotation: the inherited requirement holds. */
    public static class AdminSubclass extends AdminBase {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            super.doGet(req, resp);
        }
    }

    /** Requires a key through an interface it implements. */
    @RequireApiKey(scopes = "admin")
    public interface AdminOnly {}

    /** Protected through {@link AdminOnly}. */
    public static class InterfaceProtected extends HttpServlet implements AdminOnly {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "interface-protected");
        }
    }

    /** Answers OPTIONS itself, and protects it. */
    public static class OptionsProtected extends HttpServlet {
        @Override
        @RequireApiKey
        protected void doOptions(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "options-protected");
        }
    }

    /** An open page that forwards (or with ?include includes) the admin-only servlet. */
    @PermitAll
    public static class ForwardToAdmin extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            if (req.getQueryString() != null && req.getQueryString().contains("include")) {
                req.getRequestDispatcher("/admin-base").include(req, resp);
            } else {
                req.getRequestDispatcher("/admin-base").forward(req, resp);
            }
        }
    }

    /** Roles allowed: nobody. */
    @RolesAllowed({})
    public static class NobodyAllowed extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "nobody");
        }
    }

    /** An expensive endpoint: one request costs 5 against the key's limits. */
    @RequireApiKey(cost = 5)
    public static class Expensive extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "expensive");
        }
    }

    /** Records the MDC value left on the thread when each request ends. */
    public static final class MdcAtRequestEnd implements ServletRequestListener {
        final List<String> values = new CopyOnWriteArrayList<>();

        @Override
        public void requestDestroyed(ServletRequestEvent event) {
            values.add(String.valueOf(MDC.get(ApiKeyFilter.MDC_KEY)));
        }
    }
}
