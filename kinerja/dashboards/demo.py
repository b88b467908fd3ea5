"""Demo data of the dashboards app: each feature loads its part."""


def load(*, stdout, government):
    from kinerja.dashboards import demo_supervision

    demo_supervision.load(stdout=stdout, government=government)
