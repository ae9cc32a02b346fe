"""Open-data exports of the public offer catalog: Open Referral HSDS 3.0 and EU CPSV-AP 3.2.0."""
