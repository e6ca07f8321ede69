"""城市运行态势 overview (/): the city's vital signs, one refresh callback for all panels."""

import dash

from callbacks._i18n import current_lang
from callbacks.overview import IDS, PANELS
from layouts._panels import panel_page

dash.register_page(__name__, path="/", title="城市运行态势", title_key="page_overview", nav=True, order=0)


def layout(**_query):
    return panel_page(IDS, PANELS, current_lang(), grid_class="overview-grid")
