package org.casereview;

import java.util.List;

/**
 * libcasereview could not be loaded; the message lists every place tried
 * and why each failed. Thrown by the first use of the binding.
 */
public final class LibraryNotFoundError extends UnsatisfiedLinkError {
    private static final long serialVersionUID = 1L;
    private final transient List<String> tried;

    LibraryNotFoundError(List<String> tried) {
        super(message(tried));
        this.tried = List.copyOf(tried);
    }

    /** Each place tried, with the loader's reason. */
    public List<String> tried() {
        return tried;
    }

    private static String message(List<String> tried) {
        StringBuilder sb = new StringBuilder(
            "libcasereview could not be loaded; tried:");
        for (String t : tried) {
            sb.append("\n  ").append(t);
        }
        sb.append("\nInstall libcasereview0, or set -D")
          .append(Lib.PROPERTY_LIBRARY).append(" or $")
          .append(Lib.ENV_LIBRARY)
          .append(" to the path of libcasereview.so.0.");
        return sb.toString();
    }
}
