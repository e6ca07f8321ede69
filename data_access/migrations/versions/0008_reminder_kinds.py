"""reminder kinds: supervision_message.kind says which automatic reminder it is (sign | near | overdue) or
supervise; stored texts lose their program prefixes ("remind: ", "overdue: ")

Until now the write API read the kind off the note's prefix. Rows with the three automatic texts get their kind
and the clean text, in supervision_message and in the ticket timeline (ticket_event.note). Any other row of kind
remind or overdue took it from a prefix a person typed: it becomes supervise and keeps its text. The downgrade puts
the prefixes back on the automatic texts (those person-typed rows stay supervise).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# kind -> (text stored before, clean text); as data_access.hotline.remind and the simulator wrote them
TEXTS = {
    "sign": ("remind: 签收超时，请尽快签收", "签收超时，请尽快签收"),
    "near": ("remind: 即将超期，请抓紧办理", "即将超期，请抓紧办理"),
    "overdue": ("overdue: 已超期，请立即办理并说明原因", "已超期，请立即办理并说明原因"),
}
OLD_KIND = {"sign": "remind", "near": "remind", "overdue": "overdue"}

message = sa.table("supervision_message", sa.column("kind", sa.String), sa.column("text", sa.Text))
ticket_event = sa.table("ticket_event", sa.column("action", sa.String), sa.column("note", sa.Text))


def upgrade() -> None:
    automatic = [old for old, _new in TEXTS.values()]
    op.execute(  # first: "overdue" is a kind before and after
        message.update()
        .where(message.c.kind.in_(("remind", "overdue")), message.c.text.not_in(automatic))
        .values(kind="supervise")
    )
    for kind, (old, new) in TEXTS.items():
        op.execute(
            message.update().where(message.c.kind == OLD_KIND[kind], message.c.text == old).values(kind=kind, text=new)
        )
        op.execute(
            ticket_event.update()
            .where(ticket_event.c.action == "supervise", ticket_event.c.note == old)
            .values(note=new)
        )


def downgrade() -> None:
    for kind, (old, new) in TEXTS.items():
        op.execute(
            message.update().where(message.c.kind == kind, message.c.text == new).values(kind=OLD_KIND[kind], text=old)
        )
        op.execute(
            ticket_event.update()
            .where(ticket_event.c.action == "supervise", ticket_event.c.note == new)
            .values(note=old)
        )
    op.execute(message.update().where(message.c.kind.in_(("sign", "near"))).values(kind="remind"))
