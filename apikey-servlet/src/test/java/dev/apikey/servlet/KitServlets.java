package dev.apikey.servlet;

import dev.apikey.RequireApiKey;
import dev.apikey.ScopeMatch;
import dev.apikey.http.conformance.HandlerEcho;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/** The endpoints of the HTTP conformance kit as servlets, with the annotations its table gives. */
final class KitServlets {

    private KitServlets() {}

    /** The kit's endpoints, to deploy behind a filter. */
    static Deployment deployment() {
        return new Deployment()
                .servletClass("secure", "/secure", Secure.class)
                .servletClass("reports", "/reports", Reports.class)
                .servletClass("any-scope", "/any-scope", AnyScope.class)
                .servletClass("roles", "/roles", Roles.class)
                .servletClass("mixed", "/mixed", Mixed.class)
                .servletClass("denied-class", "/denied-class", DeniedClass.class)
                .servletClass("permit-and-deny", "/permit-and-deny", PermitAndDeny.class)
                .servletClass("health", "/health", Health.class)
                .servletClass("expensive", "/expensive", Expensive.class)
                .servletClass("open", "/open", Open.class)
                .servletClass("open-below", "/open/*", Open.class)
                .servletClass("rules", "/rules/*", Open.class);
    }

    private static void echo(HttpServletRequest request, HttpServletResponse response, String endpoint)
            throws IOException {
        Principal principal = request.getUserPrincipal();
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter()
                .write(HandlerEcho.body(
                        endpoint,
                        principal == null ? null : principal.getName(),
                        request::getHeader,
                        request.getQueryString()));
    }

    @RequireApiKey
    public static class Secure extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "secure");
        }
    }

    public static class Reports extends HttpServlet {
        @Override
        @RequireApiKey(scopes = "reports:read")
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "reports");
        }
    }

    public static class AnyScope extends HttpServlet {
        @Override
        @RequireApiKey(
                scopes = {"a", "b"},
                match = ScopeMatch.ANY)
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "any-scope");
        }
    }

    public static class Roles extends HttpServlet {
        @Override
        @RolesAllowed({"admin", "ops"})
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "roles");
        }
    }

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
        @RequireApiKey(scopes = "write")
        protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "mixed-put");
        }

        @Override
        @DenyAll
        protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "mixed-delete");
        }
    }

    @DenyAll
    public static class DeniedClass extends HttpServlet {
        @Override
        @RequireApiKey
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "denied-class-get");
        }
    }

    public static class PermitAndDeny extends HttpServlet {
        @Override
        @PermitAll
        @DenyAll
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "permit-and-deny");
        }
    }

    public static class Health extends HttpServlet {
        @Override
        @PermitAll
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "health");
        }
    }

    public static class Expensive extends HttpServlet {
        @Override
        @RequireApiKey(cost = 5)
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "expensive");
        }
    }

    public static class Open extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            echo(req, resp, "open");
        }
    }
}
