"""视频汇聚 video wall (/video): channel tree, tile wall with patrol and alert linkage, review queue, diagnosis."""

import dash

from layouts._video import video_page
from web.i18n import current_lang

dash.register_page(__name__, path="/video", title="视频汇聚", title_key="page_video", nav=True, order=3)


def layout(camera: str | None = None, **_query):
    return video_page(current_lang(), camera=camera)
