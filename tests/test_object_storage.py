"""With a bucket configured, uploads and renditions live in S3-compatible object
storage, so every app server sees the same pictures. Tested against moto's S3 server."""

import pytest

from action_portugal.factories import SiteImageFactory
from timeline.models import StoryPage

from .buckets import BUCKET
from .conftest import soup
from .pages import url_in

pytestmark = pytest.mark.django_db


def test_uploads_and_renditions_go_to_the_bucket(client, s3):
    s3_client, endpoint = s3
    image = SiteImageFactory(description_pt="Seminário", description_en="Workshop")
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    story.image = image
    story.save_revision().publish()  # renditions are made on publish

    keys = [item["Key"] for item in s3_client.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"original_images/{image.file.name.split('/')[-1]}" in keys
    renditions = [key for key in keys if key.startswith("images/")]
    assert any(key.endswith(".avif") for key in renditions)
    assert any(key.endswith(".webp") for key in renditions)

    html = soup(client.get(url_in(story, "en")))
    img = html.select_one(".story__image img")
    assert img["src"].startswith(f"{endpoint}/{BUCKET}/images/")
    assert img["alt"] == "Workshop"
