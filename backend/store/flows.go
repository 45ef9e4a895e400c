package store

import (
	"fmt"
	"slices"

	"junction/backend/access"
	"junction/backend/domain"
)

// flowStepInterface is one row of flow_step_interfaces: the interface one
// step of a flow calls, kept with the flow so that deleting an interface
// can name the flows that use it.
type flowStepInterface struct {
	FlowID      string `gorm:"primaryKey"`
	StepKey     string `gorm:"primaryKey"`
	InterfaceID string
}

func (flowStepInterface) TableName() string { return "flow_step_interfaces" }

// FlowByKey loads a flow; a missing one is a not_found error.
func (t *Tx) FlowByKey(key string) (*domain.Flow, error) {
	var f domain.Flow
	if err := t.db.Where("key = ?", key).Take(&f).Error; err != nil {
		return nil, Translate(err, fmt.Sprintf("flow %q", key))
	}
	return &f, nil
}

// ListFlows lists the flows the scope sees, by name then key.
func (t *Tx) ListFlows(scope access.Scope) ([]domain.Flow, error) {
	cond, args := flowFilter(scope, "flows")
	out := []domain.Flow{}
	if err := t.db.Where(cond, args...).Order("name COLLATE NOCASE, key").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list flows: %w", err)
	}
	return out, nil
}

// CreateFlow inserts f, stamped with the unit's clock, at revision 1, with
// the interface each step calls (step key -> interface id); a taken key is
// a conflict on the field key.
func (t *Tx) CreateFlow(f *domain.Flow, stepInterfaces map[string]string) error {
	var n int64
	if err := t.db.Model(&domain.Flow{}).Where("key = ?", f.Key).Count(&n).Error; err != nil {
		return fmt.Errorf("look up flow key %s: %w", f.Key, err)
	}
	if n > 0 {
		return (&domain.Error{Code: domain.EConflict, Field: "key", Message: fmt.Sprintf("a flow with key %q already exists", f.Key)}).
			With(domain.RFlowKeyTaken, "key", f.Key)
	}
	f.Revision, f.CreatedAt, f.UpdatedAt = 1, t.now, t.now
	if err := t.db.Create(f).Error; err != nil {
		return Translate(err, "flow "+f.Key)
	}
	return t.writeStepInterfaces(f.ID, stepInterfaces)
}

// SaveFlow writes every field of an edited f as its next revision, and the
// interfaces its steps call.
func (t *Tx) SaveFlow(f *domain.Flow, stepInterfaces map[string]string) error {
	f.Revision++
	f.UpdatedAt = t.now
	if err := t.db.Save(f).Error; err != nil {
		return Translate(err, "flow "+f.Key)
	}
	if err := t.db.Where("flow_id = ?", f.ID).Delete(&flowStepInterface{}).Error; err != nil {
		return fmt.Errorf("clear the interfaces of flow %s: %w", f.Key, err)
	}
	return t.writeStepInterfaces(f.ID, stepInterfaces)
}

// SetFlowEnabled switches f on or off without a new revision: the steps
// are unchanged.
func (t *Tx) SetFlowEnabled(f *domain.Flow, enabled bool, by string) error {
	f.Enabled, f.UpdatedAt, f.UpdatedBy = enabled, t.now, by
	err := t.db.Model(f).Select("enabled", "updated_at", "updated_by").Updates(f).Error
	return Translate(err, "flow "+f.Key)
}

func (t *Tx) writeStepInterfaces(flowID string, stepInterfaces map[string]string) error {
	if len(stepInterfaces) == 0 {
		return nil
	}
	rows := make([]flowStepInterface, 0, len(stepInterfaces))
	for step, id := range stepInterfaces {
		rows = append(rows, flowStepInterface{FlowID: flowID, StepKey: step, InterfaceID: id})
	}
	if err := t.db.Create(&rows).Error; err != nil {
		return fmt.Errorf("write the interfaces of flow steps: %w", err)
	}
	return nil
}

// FlowStepInterfaces maps each step of a flow to the interface id it calls.
func (t *Tx) FlowStepInterfaces(flowID string) (map[string]string, error) {
	var rows []flowStepInterface
	if err := t.db.Where("flow_id = ?", flowID).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load the interfaces of flow steps: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.StepKey] = r.InterfaceID
	}
	return out, nil
}

// DeleteFlow deletes f; its grants, step interfaces and runs go with it.
func (t *Tx) DeleteFlow(f *domain.Flow) error {
	return Translate(t.db.Delete(f).Error, "flow "+f.Key)
}

// FlowsUsingInterface lists the keys of the flows whose steps call one of
// the interfaces, sorted.
func (t *Tx) FlowsUsingInterface(interfaceIDs ...string) ([]string, error) {
	var keys []string
	if len(interfaceIDs) == 0 {
		return keys, nil
	}
	err := t.db.Table("flows").Distinct("flows.key").
		Joins("JOIN flow_step_interfaces ON flow_step_interfaces.flow_id = flows.id").
		Where("flow_step_interfaces.interface_id IN ?", interfaceIDs).Pluck("flows.key", &keys).Error
	if err != nil {
		return nil, fmt.Errorf("find the flows using interfaces: %w", err)
	}
	slices.Sort(keys)
	return keys, nil
}

// FlowGrantLevel is userID's grant level on a flow, "" for none.
func (t *Tx) FlowGrantLevel(flowID, userID string) (string, error) {
	var levels []string
	if err := t.db.Model(&domain.FlowGrant{}).Where("flow_id = ? AND user_id = ?", flowID, userID).Pluck("level", &levels).Error; err != nil {
		return "", fmt.Errorf("load flow grant: %w", err)
	}
	if len(levels) == 0 {
		return "", nil
	}
	return levels[0], nil
}

// FlowGrantLevels maps each of the flows to userID's grant level on it; a
// flow without a grant is missing from the map.
func (t *Tx) FlowGrantLevels(userID string, flowIDs ...string) (map[string]string, error) {
	var grants []domain.FlowGrant
	if err := t.db.Where("user_id = ? AND flow_id IN ?", userID, flowIDs).Find(&grants).Error; err != nil {
		return nil, fmt.Errorf("load flow grants: %w", err)
	}
	out := make(map[string]string, len(grants))
	for _, g := range grants {
		out[g.FlowID] = g.Level
	}
	return out, nil
}

// ListFlowGrants lists a flow's grants by profile name.
func (t *Tx) ListFlowGrants(flowID string) ([]GrantRow, error) {
	out := []GrantRow{}
	if err := t.db.Table("flow_grants").Select("users.name AS user, flow_grants.level").Joins("JOIN users ON users.id = flow_grants.user_id").
		Where("flow_grants.flow_id = ?", flowID).Order("users.name").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list flow grants: %w", err)
	}
	return out, nil
}

// SaveFlowGrant gives or changes a grant on a flow, stamped with the unit's clock.
func (t *Tx) SaveFlowGrant(g *domain.FlowGrant) error {
	g.CreatedAt = t.now
	return Translate(t.db.Save(g).Error, "flow grant")
}

// DeleteFlowGrant takes userID's grant on flowID away.
func (t *Tx) DeleteFlowGrant(flowID, userID string) error {
	if err := t.db.Where("flow_id = ? AND user_id = ?", flowID, userID).Delete(&domain.FlowGrant{}).Error; err != nil {
		return fmt.Errorf("delete flow grant: %w", err)
	}
	return nil
}
