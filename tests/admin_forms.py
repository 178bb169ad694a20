"""The admin's page editor form, as a browser would post it."""

from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)


def edit_form_data(client, page, publish=True, **changes):
    """The editor's form for ``page`` as ``client`` gets it, with ``changes`` typed in,
    for publishing (or, with ``publish=False``, saving a draft). StreamFields are drawn by
    JavaScript, so their values are added the way Wagtail's client sends them."""
    url = f"/admin/pages/{page.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    for language in ("pt", "en"):
        name = f"body_{language}"
        if hasattr(page, name):
            blocks = [
                (block.block_type, rich_text(block.value.source))
                for block in getattr(page, name)
                if block.block_type == "paragraph"
            ]
            data.update(nested_form_data({name: streamfield(blocks)}))
    if publish:
        data["action-publish"] = "publish"
    data.update(changes)
    return data
