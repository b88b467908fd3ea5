"""PDF rendering shared by the apps: WeasyPrint from a template, nothing fetched, QR codes inline."""

from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template to PDF; the fetcher allows only inline ``data:`` resources, never the network or disk."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context)
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def qr_data_uri(link: str) -> str:
    import segno

    return segno.make(link, error="m").svg_data_uri(scale=10, border=2)
