package io.sluice.console;

import jakarta.enterprise.context.RequestScoped;

/** The {@link Viewer} of the current request, set by {@link ConsoleGate}; resources read it before going asynchronous. */
@RequestScoped
public class CurrentViewer {
    private Viewer viewer;

    void set(Viewer viewer) {
        this.viewer = viewer;
    }

    public Viewer get() {
        if (viewer == null) {
            throw new IllegalStateException("no console viewer: the resource is not annotated @ConsolePage");
        }
        return viewer;
    }
}
