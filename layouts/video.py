"""视频汇聚 video wall (/video): channel tree, tile wall with patrol and alert linkage, review queue, diagnosis."""

import dash

from data_access.roles import MEDIA_ROLES
from layouts._video import video_page
from web.auth import current_principal
from web.i18n import current_lang

dash.register_page(__name__, path="/video", title="视频汇聚", title_key="page_video", nav=True, order=3)


def layout(camera: str | None = None, **_query):
    who = current_principal()  # cameras are for the hall's seats and wall only (api/media.py): others get no streams
    return video_page(current_lang(), camera=camera, media=who.user_id is not None and who.role in MEDIA_ROLES)
