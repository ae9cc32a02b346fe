"""Celery application: Redis as broker and result store, schedule for Celery beat.

Run in production (see README, "Taken op de achtergrond"):

    celery -A scharnier worker --loglevel=INFO
    celery -A scharnier beat --loglevel=INFO
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scharnier.settings.production")

app = Celery("scharnier")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The schedule: each entry runs a task that records itself as a job (visible on /taken/).
app.conf.beat_schedule = {
    # New-question mails that waited out a burst window (casework, issue 11).
    "staff-notifications-flush": {
        "task": "scharnier.flush_staff_notifications",
        "schedule": crontab(minute="*/5"),
    },
    # Outcome events recorded while the worker was busy or down (monitoring, issue 9): the
    # task is also queued seconds after each burst of events.
    "outcome-rollups-catch-up": {
        "task": "scharnier.apply_pending_outcome_events",
        "schedule": crontab(minute="*"),
    },
    "retention-daily": {
        "task": "scharnier.anonymise_closed_questions",
        "schedule": crontab(hour=3, minute=15),
    },
    # Reply addresses of signals in threads closed or rejected, and old reply texts.
    "signals-retention-daily": {
        "task": "scharnier.anonymise_closed_signals",
        "schedule": crontab(hour=3, minute=25),
    },
    # Names and e-mail addresses of participants in meetings past the retention period.
    "communities-retention-daily": {
        "task": "scharnier.erase_past_participants",
        "schedule": crontab(hour=3, minute=35),
    },
    # Login records (username, IP address, browser) past their retention period.
    "accounts-retention-daily": {
        "task": "scharnier.forget_old_login_records",
        "schedule": crontab(hour=3, minute=45),
    },
    # Owners of threads whose deadline comes near or has passed, once per deadline.
    "signals-owner-reminders-daily": {
        "task": "scharnier.remind_thread_owners",
        "schedule": crontab(hour=7, minute=30),
    },
    # Referrals a provider let pass its term without accepting or declining, once each.
    "casework-referral-reminders-daily": {
        "task": "scharnier.remind_overdue_referrals",
        "schedule": crontab(hour=7, minute=40),
    },
    # Reviewing organisations whose view on a joint consistency test is due soon, and the
    # coordinator once a deadline passed without every view, once per deadline.
    "landscape-joint-review-reminders-daily": {
        "task": "scharnier.remind_joint_reviewers",
        "schedule": crontab(hour=7, minute=45),
    },
    # Late actions of adopted development plans to the region's director (once per due date);
    # escalations waiting for the next steering group to the national analysts.
    "learning-development-plan-reminders-daily": {
        "task": "scharnier.remind_development_plans",
        "schedule": crontab(hour=7, minute=48),
    },
    # Editors of offers that expired or were not checked for six months, once a month.
    "catalog-editor-reminders-monthly": {
        "task": "scharnier.remind_offer_editors",
        "schedule": crontab(day_of_month=1, hour=7, minute=50),
    },
    # The catalogues provinces and municipalities publish (Samenwerkende Catalogi), before the
    # editors start: what is new or withdrawn shows on their page that morning.
    "catalog-feeds-nightly": {
        "task": "scharnier.read_catalogue_feeds",
        "schedule": crontab(hour=5, minute=30),
    },
    "landscape-snapshot-monthly": {
        "task": "scharnier.snapshot_landscape",
        "schedule": crontab(day_of_month=1, hour=2, minute=30),
    },
    "overlap-refresh-when-stale": {
        "task": "scharnier.refresh_overlap_if_stale",
        "schedule": crontab(minute=40),
    },
    "embeddings-catch-up-nightly": {
        "task": "scharnier.compute_offer_embeddings",
        "schedule": crontab(hour=2, minute=0),
    },
    # Overlap vectors missed by a change (a failed job, a new model): before the hourly refresh.
    "overlap-vectors-catch-up-nightly": {
        "task": "scharnier.compute_overlap_vectors",
        "schedule": crontab(hour=2, minute=10),
    },
    # New signals join a thread on arrival; the nightly regroup corrects the order effects.
    "signals-regroup-nightly": {
        "task": "scharnier.regroup_signals_if_changed",
        "schedule": crontab(hour=1, minute=30),
    },
    "expired-uploads-daily": {
        "task": "scharnier.purge_expired_uploads",
        "schedule": crontab(hour=3, minute=45),
    },
}
