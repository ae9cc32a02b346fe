"""Jobs run in-process (tests, `make run` without Redis): states, retries, schedule, pages."""

import datetime
import importlib
import importlib.util

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from scharnier.casework.tasks import anonymise_closed_questions
from scharnier.catalog.bulk import OfferInput, save_offers
from scharnier.catalog.models import Offer
from scharnier.celery import app as celery_app
from scharnier.core import tasks
from scharnier.jobs import services
from scharnier.jobs.models import Job, JobKind, JobState
from scharnier.jobs.queries import has_open_job, queue_depth
from scharnier.landscape.models import LandscapeSnapshot, OverlapAnalysis
from scharnier.landscape.tasks import overlap_is_stale, refresh_overlap_if_stale
from scharnier.landscape.tasks import snapshot_landscape as snapshot_task
from scharnier.organisations.models import Role
from tests.factories import make_offer, make_organisation, make_user, offer_data

pytestmark = pytest.mark.django_db

UNREACHABLE = "redis://127.0.0.1:1/0"
GOOD_CSV = (
    "kenmerk;titel;samenvatting;soort;themas;fasen;gebied\n"
    "J-1;Startersspreekuur;Elke week vragen stellen.;advies;strategie;weten;nationaal\n"
)
GOOD_BYTES = GOOD_CSV.encode()


@pytest.fixture
def editor():
    provider = make_organisation("kvk", name="KVK")
    return make_user(Role.PROVIDER_EDITOR, organisation=provider), provider


def start_import(user, provider, *, provider_id=None, content=GOOD_BYTES, dry_run=True):
    return services.start_job(
        JobKind.IMPORT_OFFERS,
        user=user,
        parameters={
            "actor_id": user.pk,
            "provider_id": provider_id or provider.pk,
            "dry_run": dry_run,
        },
        input_name="aanbod.csv",
        input_data=content,
    )


def test_import_job_runs_in_process_and_records_its_result(editor):
    user, provider = editor
    job = start_import(user, provider)
    assert job.state == JobState.SUCCEEDED and job.attempts == 1
    assert job.result["ok"] and job.result["created"] == 1 and job.result["dry_run"]
    assert job.started_at <= job.finished_at and job.percent == 100
    assert not Offer.objects.filter(external_id="J-1").exists()


def test_failing_job_is_retried_then_marked_failed_in_dutch(editor, settings):
    settings.JOBS_MAX_ATTEMPTS = 3
    user, provider = editor
    job = start_import(user, provider, provider_id=999_999)
    assert job.state == JobState.FAILED
    assert job.attempts == 3
    assert "3 keer geprobeerd en steeds mislukt" in job.error
    assert "DoesNotExist" not in job.error  # no technical text for users
    assert job.finished_at is not None


def test_a_finished_job_delivered_again_does_nothing(editor):
    user, provider = editor
    job = start_import(user, provider, dry_run=False)
    assert Offer.objects.filter(external_id="J-1").count() == 1
    job.refresh_from_db()
    finished = job.finished_at
    from scharnier.catalog.tasks import import_offers

    assert import_offers.apply(kwargs={"job_id": job.pk}).get() == JobState.SUCCEEDED
    job.refresh_from_db()
    assert job.finished_at == finished and job.attempts == 1
    assert Offer.objects.filter(external_id="J-1").count() == 1


def test_retry_delay_grows_exponentially(settings):
    settings.JOBS_RETRY_BACKOFF_SECONDS = 10
    delays = [services.retry_delay(n) for n in (1, 2, 3)]
    assert 8 <= delays[0] <= 12 and 16 <= delays[1] <= 24 and 32 <= delays[2] <= 48


def test_queue_mode_setting(settings):
    settings.SCHARNIER_TASKS = "eager"
    assert tasks.queue_available() is False
    settings.SCHARNIER_TASKS = "queue"
    assert tasks.queue_available() is True


def test_without_redis_auto_mode_runs_jobs_in_process(editor, settings):
    """`make run` on a machine without Redis: the upload still works."""
    settings.SCHARNIER_TASKS = "auto"
    settings.CELERY_BROKER_URL = UNREACHABLE
    tasks._queue_check.clear()
    assert tasks.queue_available() is False
    user, provider = editor
    assert start_import(user, provider).state == JobState.SUCCEEDED


def test_queue_depth_for_metrics(editor, settings):
    settings.CELERY_BROKER_URL = UNREACHABLE
    user, provider = editor
    start_import(user, provider, provider_id=999_999)
    Job.objects.create(kind=JobKind.ANALYSE_OVERLAP)
    assert queue_depth() == {"queued": 1, "running": 0, "failed": 1, "broker": None}
    assert has_open_job(JobKind.ANALYSE_OVERLAP)
    assert not has_open_job(JobKind.SNAPSHOT_LANDSCAPE)


def test_every_scheduled_task_exists():
    # The task modules, as the worker's autodiscovery imports them: every installed app's.
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("scharnier.") and importlib.util.find_spec(
            f"{config.name}.tasks"
        ):
            importlib.import_module(f"{config.name}.tasks")
            found.append(config.label)
    assert {"casework", "learning", "signals", "catalog"} <= set(found)
    schedule = celery_app.conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} <= set(celery_app.tasks)
    assert {
        "scharnier.anonymise_closed_questions",
        "scharnier.snapshot_landscape",
        "scharnier.refresh_overlap_if_stale",
        "scharnier.compute_offer_embeddings",
        "scharnier.regroup_signals_if_changed",
    } <= {entry["task"] for entry in schedule.values()}


def test_scheduled_tasks_record_themselves_as_jobs():
    make_offer()
    assert snapshot_task.apply().get() == JobState.SUCCEEDED
    assert anonymise_closed_questions.apply().get() == JobState.SUCCEEDED
    snapshot = Job.objects.get(kind=JobKind.SNAPSHOT_LANDSCAPE)
    assert snapshot.created_by is None and snapshot.result["counts"] >= 1
    assert LandscapeSnapshot.objects.exists()
    assert Job.objects.get(kind=JobKind.ANONYMISE_QUESTIONS).result == {"anonymised": 0}


def test_overlap_refresh_only_when_stale_and_settled(settings):
    settings.LANDSCAPE_OVERLAP_SETTLE_MINUTES = 15
    now = timezone.now()
    analysis = OverlapAnalysis.objects.create(started_at=now, finished_at=now)
    assert not overlap_is_stale(now)
    assert refresh_overlap_if_stale.apply().get() is False
    analysis.stale_since = now - datetime.timedelta(minutes=5)
    analysis.save()
    assert not overlap_is_stale(now)  # edits still coming in: wait
    assert overlap_is_stale(now + datetime.timedelta(minutes=11))
    # A waiting analysis job: the schedule does not start a second one.
    analysis.stale_since = now - datetime.timedelta(hours=1)
    analysis.save()
    Job.objects.create(kind=JobKind.ANALYSE_OVERLAP)
    assert refresh_overlap_if_stale.apply().get() is False
    assert Job.objects.filter(kind=JobKind.ANALYSE_OVERLAP).count() == 1


def test_bulk_change_starts_an_embeddings_job(settings, django_capture_on_commit_callbacks):
    settings.MATCHING_SYNC_FEATURE_LIMIT = 2
    provider = make_organisation()
    items = [OfferInput(provider=provider, data=offer_data(external_id=f"B-{n}")) for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        result = save_offers(items)
    job = Job.objects.get(kind=JobKind.COMPUTE_EMBEDDINGS)
    assert job.parameters["offer_ids"] == sorted(result.created)
    assert job.state == JobState.SUCCEEDED and job.result == {"computed": 3}


def test_small_change_starts_no_job(settings, django_capture_on_commit_callbacks):
    settings.MATCHING_SYNC_FEATURE_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=True):
        make_offer()
    assert not Job.objects.filter(kind=JobKind.COMPUTE_EMBEDDINGS).exists()


def test_expired_uploads_are_forgotten(editor):
    user, provider = editor
    job = start_import(user, provider)
    assert services.purge_expired_uploads() == 0
    later = timezone.now() + datetime.timedelta(hours=25)
    assert services.purge_expired_uploads(later) == 1
    job.refresh_from_db()
    assert job.input_data is None


# --- pages ---------------------------------------------------------------------------------


def upload(client, provider, content: bytes = GOOD_CSV.encode()):
    return client.post(
        "/beheer/aanbod/importeren/",
        {"provider": provider.pk, "file": SimpleUploadedFile("aanbod.csv", content)},
    )


def test_job_page_refreshes_itself_while_busy_and_stops_when_done(client, editor):
    user, provider = editor
    client.force_login(user)
    job = Job.objects.create(kind=JobKind.ANALYSE_OVERLAP, created_by=user)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, progress_done=30, progress_total=120
    )
    response = client.get(f"/taken/{job.public_id}/")
    body = response.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in body
    assert 'value="25"' in body and "30 van 120" in body
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    Job.objects.filter(pk=job.pk).update(state=JobState.SUCCEEDED)
    body = client.get(f"/taken/{job.public_id}/").content.decode()
    assert 'http-equiv="refresh"' not in body and "De taak is klaar." in body


def test_failed_job_page_shows_the_dutch_error(client, editor):
    user, provider = editor
    client.force_login(user)
    job = start_import(user, provider, provider_id=999_999)
    body = client.get(f"/taken/{job.public_id}/").content.decode()
    assert "Mislukt" in body and "steeds mislukt" in body and 'role="alert"' in body


def test_jobs_are_private_to_their_owner(client, editor):
    user, provider = editor
    job = start_import(user, provider)
    other = make_user(Role.PROVIDER_EDITOR, organisation=provider)
    client.force_login(other)
    assert client.get(f"/taken/{job.public_id}/").status_code == 404
    assert job.input_name not in client.get("/taken/").content.decode()
    response = client.post(f"/beheer/aanbod/importeren/{job.public_id}/opslaan/")
    assert response.status_code == 404
    assert not Offer.objects.filter(external_id="J-1").exists()
    client.logout()
    assert client.get(f"/taken/{job.public_id}/").status_code == 302  # to the login page


def test_job_list_shows_own_jobs_and_the_menu_entry(client, editor):
    user, provider = editor
    client.force_login(user)
    start_import(user, provider)
    body = client.get("/taken/").content.decode()
    assert "Aanbod importeren: aanbod.csv" in body and "Klaar" in body
    assert 'href="/taken/"' in body  # menu entry for who uploads offer files


def test_confirming_twice_saves_once(client, editor):
    user, provider = editor
    client.force_login(user)
    check = Job.objects.get(public_id=upload(client, provider).url.split("/")[-2])
    first = client.post(f"/beheer/aanbod/importeren/{check.public_id}/opslaan/")
    second = client.post(f"/beheer/aanbod/importeren/{check.public_id}/opslaan/")
    assert first.url == second.url
    assert Offer.objects.filter(external_id="J-1").count() == 1
    # The check page now links to the save instead of offering the button again.
    body = client.get(f"/taken/{check.public_id}/").content.decode()
    assert ">Opslaan</button>" not in body and first.url in body


def test_confirming_after_the_file_expired_asks_for_a_new_upload(client, editor):
    user, provider = editor
    client.force_login(user)
    check = Job.objects.get(public_id=upload(client, provider).url.split("/")[-2])
    services.purge_expired_uploads(timezone.now() + datetime.timedelta(days=2))
    response = client.post(f"/beheer/aanbod/importeren/{check.public_id}/opslaan/", follow=True)
    assert "niet meer bewaard. Upload het opnieuw." in response.content.decode()
    assert not Offer.objects.filter(external_id="J-1").exists()
