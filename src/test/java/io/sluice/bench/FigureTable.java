package io.sluice.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects figures and prints them as one Markdown table (readable in a terminal, pasted as is into docs). */
public final class FigureTable {
    private final List<Figure> figures = new ArrayList<>();
    private final boolean echo;

    public FigureTable() {
        this(true);
    }

    private FigureTable(boolean echo) {
        this.echo = echo;
    }

    /** A table whose {@link #emit} prints nothing: for warm-up rounds, whose figures must not reach the report. */
    public static FigureTable unreported() {
        return new FigureTable(false);
    }

    public synchronized void add(Figure f) {
        figures.add(f);
    }

    /** Adds a figure and prints it at once as a machine-readable line, for a parent JVM to collect. */
    public synchronized void emit(Figure f) {
        figures.add(f);
        if (echo) {
            System.out.println(f.toLine());
            System.out.flush();
        }
    }

    public synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    public synchronized void print(PrintStream out) {
        out.println("| group | case | figure | value | baseline | ratio | target | met |");
        out.println("|---|---|---|---:|---:|---:|---|---|");
        for (Figure f : figures) {
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", f.group(), f.scenario(), f.metric(), number(f.value()),
                    number(f.baseline()), Double.isNaN(f.ratio()) ? "" : String.format(Locale.ROOT, "%.2fx", f.ratio()), f.target(),
                    f.met().map(m -> m ? "yes" : "**no**").orElse(""));
        }
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) || Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,d", Math.round(v));
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
