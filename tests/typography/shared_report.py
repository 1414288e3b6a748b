"""The shared report (../shared/tools/cjkmetrics.py) as a module, for the
typography test and the Typst comparison: its percentile() wrapped so
that the gaps behind spacing_p95_em are kept (cm.last_gaps after each
analyse()), as the report gives only figures."""
import importlib.util


def load_report(tool):
    spec = importlib.util.spec_from_file_location("cjkmetrics", tool)
    cm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cm)
    plain = cm.percentile

    def kept(values, q):
        cm.last_gaps = list(values)
        return plain(values, q)
    cm.percentile = kept
    cm.last_gaps = []
    return cm
