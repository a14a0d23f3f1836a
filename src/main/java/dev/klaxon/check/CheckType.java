package dev.klaxon.check;

/** What an expiry check looks at. */
public enum CheckType {
    /** The certificate chain a TLS server presents at host:port. */
    TLS_CERTIFICATE,
    /** A domain's registration, as its registry publishes it over RDAP. */
    DOMAIN_EXPIRY
}
