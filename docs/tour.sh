#!/usr/bin/env bash
# The README's curl tour: a whole 1+N consultation against the demo server (needs curl and jq).
set -e
# CONSULT_URLS: the server, or a cluster's nodes separated by spaces; the steps go to them in turn.
read -r -a NODES <<< "${CONSULT_URLS:-http://localhost:5080}"
on() { API="${NODES[$(( $1 % ${#NODES[@]} ))]}/api/v1"; [ ${#NODES[@]} -eq 1 ] || echo "# via ${API%/api/v1}"; }
on 0
token() { curl -s -X POST $API/auth/token -H 'Content-Type: application/json' \
  -d "{\"userName\":\"$1\",\"password\":\"consult-demo\"}" | jq -r .accessToken; }
WINDOW=$(token window); ROAD=$(token road-admin); POLICE=$(token traffic-police); HOUSING=$(token housing)

on 1
# 1. The window registers the case (the answer holds the applicant's tracking link).
CASE=$(curl -s -X POST $API/cases -H "Authorization: Bearer $WINDOW" -H 'Content-Type: application/json' -d '{
  "matterCode": "highway-occupation",
  "applicant": {"name": "孙志刚", "phone": "13900002222", "organization": "县自来水公司"},
  "summary": "供水主管道改造，占用省道S203半幅施工10天"}')
echo "$CASE" | jq .
CASE_ID=$(echo "$CASE" | jq -r .caseId); TRACK=$(echo "$CASE" | jq -r .trackingToken)

on 2
# 2. It opens the consultation with three departments.
ROOM=$(curl -s -X POST $API/cases/$CASE_ID/consultations -H "Authorization: Bearer $WINDOW" \
  -H 'Content-Type: application/json' -d '{"departments": ["road-admin", "traffic-police", "housing"]}' | jq -r .roomId)

# 3. Each department decides with its own token.
decide() { curl -s -X POST $API/consultations/$ROOM/decisions -H "Authorization: Bearer $1" \
  -H 'Content-Type: application/json' -d "$2" | jq -c '{jointOutcome, seq}'; }
on 0; decide $ROAD    '{"department": "road-admin", "outcome": "approve", "idempotencyKey": "road-1"}'
on 1; decide $POLICE  '{"department": "traffic-police", "outcome": "approveWithConditions", "conditions": ["设置200米作业区警示标志", "夜间施工配专人指挥"], "idempotencyKey": "police-1"}'
on 2; decide $HOUSING '{"department": "housing", "outcome": "approve", "idempotencyKey": "housing-1"}'

on 0
# 4. The convener closes the room with the joint decision.
curl -s -X POST $API/consultations/$ROOM/close -H "Authorization: Bearer $WINDOW" \
  -H 'Content-Type: application/json' -d '{"statement": "联合会商同意占道施工，须落实交警所列条件。"}' \
  | jq '{status, jointOutcome, seats: [.seats[] | {department, outcome: .decision.outcome}]}'

on 1
# 5. The applicant's view (no sign-in).
curl -s $API/track/$TRACK | jq '{caseNumber, status, jointOutcome, departments}'

on 0
# 6. Follow-through: the traffic police's two conditions are their tasks; done, they complete the case.
curl -s $API/cases/$CASE_ID/tasks -H "Authorization: Bearer $WINDOW" | jq -c '.[] | {taskId, department, text, status, due}'
for T in 1 2; do curl -s -X POST $API/cases/$CASE_ID/tasks/$T/done -H "Authorization: Bearer $POLICE" \
  -H 'Content-Type: application/json' -d '{"note": "现场已落实"}' | jq -c '{taskId, status}'; done
on 1
curl -s $API/cases/$CASE_ID -H "Authorization: Bearer $WINDOW" | jq -r .status

# 7. The case's audit trail for the file (CSV with a BOM for Excel, or JSON Lines).
curl -s -o audit.csv $API/cases/$CASE_ID/audit.csv -H "Authorization: Bearer $WINDOW"

on 0
# 8. The joint record: its hash, the PDF for the file, and the public check of the hash.
SHA=$(curl -s $API/consultations/$ROOM/record -H "Authorization: Bearer $WINDOW" | jq -r .sha256)
curl -s -o joint-record.pdf $API/consultations/$ROOM/record.pdf -H "Authorization: Bearer $WINDOW"
on 1
curl -s $API/records/$SHA | jq .
