namespace Consult.Catalog;

/// <summary>How the required seats' decisions combine into the joint outcome.</summary>
public enum JointRuleKind
{
    Unanimous,
    Majority,
    AnyOne,
}
