package dev.apikey.spring;

import java.time.Duration;

/** Settings under {@code apikey.store.*}: where keys are kept. */
public class ApiKeyStoreProperties {

    /**
     * Where keys are kept: auto (the application's DataSource if it has one, else memory), memory (lost on restart)
     * or jdbc (the application's DataSource: SQLite or PostgreSQL).
     */
    private String type = "auto";

    /** Whether to create the key tables, or migrate older ones keeping their data, at start-up. */
    private boolean initializeSchema;

    /** The longest a key query may take, whole seconds (the library's default: 2s); a slower lookup is a 503. */
    private Duration queryTimeout;

    /** How long a key found in the database is answered from memory (the library's default: 5s). */
    private Duration cacheTtl;

    /** How many keys are kept in memory at most (the library's default: 100000). */
    private Long cacheSize;

    /** Whether to listen for other instances' key changes (PostgreSQL LISTEN/NOTIFY). */
    private boolean notifications = true;

    /**
     * Whether rate-limit and quota counters live in the database (exact across every instance) instead of in
     * each instance's memory.
     */
    private boolean sharedLimits;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public boolean isInitializeSchema() {
        return initializeSchema;
    }

    public void setInitializeSchema(boolean initializeSchema) {
        this.initializeSchema = initializeSchema;
    }

    public Duration getQueryTimeout() {
        return queryTimeout;
    }

    public void setQueryTimeout(Duration queryTimeout) {
        this.queryTimeout = queryTimeout;
    }

    public Duration getCacheTtl() {
        return cacheTtl;
    }

    public void setCacheTtl(Duration cacheTtl) {
        this.cacheTtl = cacheTtl;
    }

    public Long getCacheSize() {
        return cacheSize;
    }

    public void setCacheSize(Long cacheSize) {
        this.cacheSize = cacheSize;
    }

    public boolean isNotifications() {
        return notifications;
    }

    public void setNotifications(boolean notifications) {
        this.notifications = notifications;
    }

    public boolean isSharedLimits() {
        return sharedLimits;
    }

    public void setSharedLimits(boolean sharedLimits) {
        this.sharedLimits = sharedLimits;
    }
}
